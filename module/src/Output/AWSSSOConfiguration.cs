namespace AwsCredentialManager
{
    /// <summary>What Initialize-AWSSSOConfiguration wrote: the profile, its sso-session and the files changed.</summary>
    public sealed class AWSSSOConfiguration
    {
        internal AWSSSOConfiguration(string profileName, string sessionName, string[] filesWritten)
        {
            ProfileName = profileName;
            SessionName = sessionName;
            FilesWritten = filesWritten;
        }

        /// <summary>The profile (sso_session, sso_account_id, sso_role_name and region).</summary>
        public string ProfileName { get; }

        /// <summary>The [sso-session] section (sso_start_url, sso_region, sso_registration_scopes).</summary>
        public string SessionName { get; }

        /// <summary>The files that were changed (empty when they already held these settings).</summary>
        public string[] FilesWritten { get; }
    }
}
