using System.Management.Automation;
using AwsCredentialManager.Interop;

namespace AwsCredentialManager.Infrastructure
{
    /// <summary>
    /// $StoredAWSCredentials and $StoredAWSRegion: host state that only PowerShell has. Without a
    /// scope the variable is read and set in the caller's current scope, as the AWS Tools do.
    /// </summary>
    internal static class ShellState
    {
        internal const string CredentialsVariable = "StoredAWSCredentials";
        internal const string RegionVariable = "StoredAWSRegion";

        internal static object? Get(PSCmdlet cmdlet, string name)
        {
            var value = cmdlet.SessionState.PSVariable.GetValue(name);
            // The AWS SDK/Tools bridge object stands for our credentials object: hand back ours.
            return SdkBridge.Unwrap(value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value);
        }

        internal static void Set(PSCmdlet cmdlet, string name, object? value, string? scope)
        {
            // $StoredAWSCredentials shows the AWS Tools/SDK form of our credentials once AWSSDK.Core
            // is loaded, also when AWS.Tools is imported later (Interop/StoredCredentialsVariable).
            if (name == CredentialsVariable && value is AWSCredentials credentials && StoredCredentialsVariable.TrySet(cmdlet.SessionState, name, scope, credentials))
            {
                return;
            }
            var qualified = string.IsNullOrEmpty(scope) ? name : scope + ":" + name;
            cmdlet.SessionState.PSVariable.Set(qualified, name == CredentialsVariable ? SdkBridge.Present(value) : value);
        }

        internal static string? Region(PSCmdlet cmdlet)
        {
            var value = Get(cmdlet, RegionVariable);
            var text = value switch
            {
                null => null,
                AWSRegion region => region.Region,
                _ => value.ToString(),
            };
            return string.IsNullOrEmpty(text) ? null : text;
        }
    }
}
