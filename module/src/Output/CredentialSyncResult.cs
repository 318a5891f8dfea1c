namespace AwsCredentialManager
{
    /// <summary>What Sync-AWSCredential did to a profile: the key it replaced and the key it wrote, or nothing.</summary>
    public sealed class CredentialSyncResult
    {
        internal CredentialSyncResult(string profileName, bool changed, string oldAccessKeyId, string newAccessKeyId, string maskedSecretAccessKey, string secretId, string userArn, string message)
        {
            ProfileName = profileName;
            Changed = changed;
            OldAccessKeyId = oldAccessKeyId;
            NewAccessKeyId = newAccessKeyId;
            MaskedSecretAccessKey = maskedSecretAccessKey;
            SecretId = secretId;
            UserArn = userArn;
            Message = message;
        }

        /// <summary>The profile that was synchronised.</summary>
        public string ProfileName { get; }

        /// <summary>True when the profile now holds the secret's key; false when it already did.</summary>
        public bool Changed { get; }

        /// <summary>The access key id the profile held before.</summary>
        public string OldAccessKeyId { get; }

        /// <summary>The access key id published in the secret (the profile's key afterwards).</summary>
        public string NewAccessKeyId { get; }

        /// <summary>The secret access key of the new key, masked (the last four characters).</summary>
        public string MaskedSecretAccessKey { get; }

        /// <summary>The secret the key was read from.</summary>
        public string SecretId { get; }

        /// <summary>The IAM user the key was verified to belong to.</summary>
        public string UserArn { get; }

        /// <summary>What happened, in one sentence.</summary>
        public string Message { get; }
    }
}
