using System;

namespace AwsCredentialManager
{
    /// <summary>
    /// An IAM Identity Center sign-in (Invoke-AWSSSOLogin): signed in now, or already signed in.
    /// No token is in it.
    /// </summary>
    public sealed class AWSSSOLoginResult
    {
        internal AWSSSOLoginResult(string? profileName, string? sessionName, string status, string region, DateTime? expiresAt, string? cacheFile)
        {
            ProfileName = profileName;
            SessionName = sessionName;
            Status = status;
            Region = region;
            ExpiresAt = expiresAt;
            CacheFile = cacheFile;
        }

        /// <summary>The profile signed in for (null when only a session was named).</summary>
        public string? ProfileName { get; }

        /// <summary>The sso-session signed in to (null for a legacy profile that names its start URL itself).</summary>
        public string? SessionName { get; }

        /// <summary>LoggedIn (a new token), or AlreadyLoggedIn (a cached token is valid for at least 15 more minutes).</summary>
        public string Status { get; }

        /// <summary>The IAM Identity Center region (sso_region).</summary>
        public string Region { get; }

        /// <summary>When the access token expires (UTC); the SDKs refresh it with its refresh token.</summary>
        public DateTime? ExpiresAt { get; }

        /// <summary>The token file in ~/.aws/sso/cache, shared with the AWS CLI and the SDKs.</summary>
        public string? CacheFile { get; }
    }
}
