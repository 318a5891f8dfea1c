namespace AwsCredentialManager
{
    /// <summary>The answer of STS GetCallerIdentity.</summary>
    public sealed class CallerIdentity
    {
        internal CallerIdentity(string account, string arn, string userId)
        {
            Account = account;
            Arn = arn;
            UserId = userId;
        }

        /// <summary>The 12-digit account id.</summary>
        public string Account { get; }

        /// <summary>The ARN of the caller.</summary>
        public string Arn { get; }

        /// <summary>The unique id of the caller.</summary>
        public string UserId { get; }
    }
}
