using System;

namespace AwsCredentialManager
{
    /// <summary>
    /// A console sign-in (Invoke-AWSLogin) that completed: the profile, the identity it is signed
    /// in as, and where the cached login is. No token or key is in it.
    /// </summary>
    public sealed class AWSLoginResult
    {
        internal AWSLoginResult(string profileName, string? loginSession, string? accountId, string region, DateTime? expiresAt, string? cacheFile, string[] filesWritten)
        {
            ProfileName = profileName;
            LoginSession = loginSession;
            AccountId = accountId;
            Region = region;
            ExpiresAt = expiresAt;
            CacheFile = cacheFile;
            FilesWritten = filesWritten;
        }

        /// <summary>The profile that was signed in.</summary>
        public string ProfileName { get; }

        /// <summary>The identity the profile is signed in as (login_session: the ARN of the IAM user or role).</summary>
        public string? LoginSession { get; }

        /// <summary>The 12-digit account of that identity.</summary>
        public string? AccountId { get; }

        /// <summary>The profile's region (written into the profile when it was not already its region).</summary>
        public string Region { get; }

        /// <summary>When the current credentials expire (UTC); they are refreshed automatically for up to 12 hours.</summary>
        public DateTime? ExpiresAt { get; }

        /// <summary>The cached login under ~/.aws/login/cache (owner-only).</summary>
        public string? CacheFile { get; }

        /// <summary>The config files that were changed (empty when the profile already held these settings).</summary>
        public string[] FilesWritten { get; }
    }
}
