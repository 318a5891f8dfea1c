namespace AwsCredentialManager
{
    /// <summary>
    /// The keys of a credentials object, as Amazon.Runtime.ImmutableCredentials: what
    /// <see cref="AWSCredentials.GetCredentials"/> returns. Its format view shows no secret.
    /// </summary>
    public sealed class ImmutableCredentials
    {
        internal ImmutableCredentials(string accessKey, string secretKey, string? token)
        {
            AccessKey = accessKey;
            SecretKey = secretKey;
            Token = token ?? string.Empty;
        }

        /// <summary>The access key id (not a secret).</summary>
        public string AccessKey { get; }

        /// <summary>The secret access key.</summary>
        public string SecretKey { get; }

        /// <summary>The session token, or empty for long-term keys.</summary>
        public string Token { get; }

        /// <summary>True when <see cref="Token"/> must be sent.</summary>
        public bool UseToken => Token.Length > 0;

        /// <summary>The access key id only, never a secret.</summary>
        public override string ToString() => AccessKey;
    }
}
