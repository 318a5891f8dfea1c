namespace AwsCredentialManager
{
    /// <summary>One stored profile, as the AWS Tools' Get-AWSCredential -ListProfileDetail gives it.</summary>
    public sealed class ProfileInfo
    {
        internal ProfileInfo(string profileName, string storeTypeName, string? profileLocation)
        {
            ProfileName = profileName;
            StoreTypeName = storeTypeName;
            ProfileLocation = profileLocation;
        }

        /// <summary>The profile name.</summary>
        public string ProfileName { get; }

        /// <summary>As the native library reports it: SharedCredentialsFile (the INI files the AWS CLI and SDKs read), Keychain (keys in the OS keychain, read through a credential_process line) or NetSDKCredentialsFile (the AWS SDK for .NET store, RegisteredAccounts.json; ProfileLocation empty).</summary>
        public string StoreTypeName { get; }

        /// <summary>The file that defines the profile (the credentials file when it does).</summary>
        public string? ProfileLocation { get; }
    }
}
