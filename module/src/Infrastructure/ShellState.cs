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

        /// <summary>
        /// After a profile's key changed (Sync-AWSCredential, Invoke-AWSCredentialRotation): when
        /// $StoredAWSCredentials, as the caller sees it, came from profile
        /// <paramref name="profileName"/> resolved with the same -ProfileLocation, resolves the
        /// profile again and puts the new credentials object into that same variable, in whatever
        /// scope it lives. Returns the new access key id when it replaced the value, else null
        /// (another source, or the profile still resolves to the key already held).
        /// </summary>
        internal static string? RefreshFromProfile(PSCmdlet cmdlet, string profileName, string? location)
        {
            var variable = cmdlet.SessionState.PSVariable.Get(CredentialsVariable);
            if (variable is null)
            {
                return null;
            }
            var value = variable.Value;
            var current = SdkBridge.Unwrap(value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value) as AWSCredentials;
            if (current?.ProfileName is null || current.ProfileName != profileName || current.RequestedLocation != location)
            {
                return null;
            }
            var fresh = AWSCredentials.Resolve(current.ProfileName, current.RequestedLocation, null, Region(cmdlet));
            if (fresh.AccessKey == current.AccessKey)
            {
                return null;
            }
            // StoredCredentialsVariable keeps our object and shows the bridge; a plain variable
            // holds what the loaded AWS assemblies understand, as Set does.
            variable.Value = variable is StoredCredentialsVariable ? fresh : SdkBridge.Present(fresh);
            return fresh.AccessKey;
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
