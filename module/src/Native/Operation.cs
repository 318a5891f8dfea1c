namespace AwsCredentialManager.Native
{
    /// <summary>The native operations (docs/api.md); each is one exported awscred_&lt;name&gt; function.</summary>
    internal enum Operation
    {
        SetProfile,
        CopyProfile,
        ListProfiles,
        ShowProfile,
        GetCredentials,
        RemoveProfile,
        DumpConfig,
        Explain,
        Whoami,
        ExportCredentials,
        ResolveRegion,
        Describe,
        Validate,
        InitializeDefaults,
        SyncCredentials,
        AccessKeyStatus,
        GetSecretCredential,
        RotateStart,
        RotatePoll,
        RotateCancel,
        LoginStart,
        LoginPoll,
        LoginCancel,
        Logout,
        SsoConfigure,
        SsoLoginStart,
        SsoLoginPoll,
        SsoLoginCancel,
        SsoLogout,
        SsoAccounts,
        MoveProfile,
    }
}
