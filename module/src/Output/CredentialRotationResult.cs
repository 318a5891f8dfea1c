namespace AwsCredentialManager
{
    /// <summary>Where Invoke-AWSCredentialRotation left a profile's key.</summary>
    public sealed class CredentialRotationResult
    {
        internal CredentialRotationResult(string profileName, string userName, string status, string oldAccessKeyId, string? newAccessKeyId, string? maskedSecretAccessKey, string oldKeyState, string? secretId, bool published, bool resumed, string message)
        {
            ProfileName = profileName;
            UserName = userName;
            Status = status;
            OldAccessKeyId = oldAccessKeyId;
            NewAccessKeyId = newAccessKeyId;
            MaskedSecretAccessKey = maskedSecretAccessKey;
            OldKeyState = oldKeyState;
            SecretId = secretId;
            Published = published;
            Resumed = resumed;
            Message = message;
        }

        /// <summary>The profile whose key was rotated.</summary>
        public string ProfileName { get; }

        /// <summary>The IAM user the keys belong to.</summary>
        public string UserName { get; }

        /// <summary>Rotated, NotDue, GraceWaiting, OldKeyInUse or Cancelled.</summary>
        public string Status { get; }

        /// <summary>The key the profile held before the rotation.</summary>
        public string OldAccessKeyId { get; }

        /// <summary>The key the rotation created (the profile's key afterwards), if any.</summary>
        public string? NewAccessKeyId { get; }

        /// <summary>The secret access key of the new key, masked (the last four characters).</summary>
        public string? MaskedSecretAccessKey { get; }

        /// <summary>Active, Inactive or Deleted: what became of the old key.</summary>
        public string OldKeyState { get; }

        /// <summary>The Secrets Manager secret the new key was published to, if any.</summary>
        public string? SecretId { get; }

        /// <summary>True when the new key was published to the secret (AWSCURRENT).</summary>
        public bool Published { get; }

        /// <summary>True when this run finished a rotation that an earlier run had started.</summary>
        public bool Resumed { get; }

        /// <summary>What happened, in one sentence.</summary>
        public string Message { get; }
    }
}
