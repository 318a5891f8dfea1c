using System.Management.Automation;
using AwsCredentialManager.Cmdlets;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Infrastructure
{
    /// <summary>
    /// Builds the credentials object of Set-/New-AWSCredential's session mode from the bound
    /// parameter set: supplied keys, another credentials object, or a profile resolved natively.
    /// </summary>
    internal static class CredentialFactory
    {
        internal static AWSCredentials FromParameters(AwsCredCmdlet cmdlet, string parameterSet, string accessKey, string secretKey, string? sessionToken, object? credential, string profileName, string? location, string? tokenCode)
        {
            switch (parameterSet)
            {
                case SetAWSCredentialCommand.BasicSet:
                    return AWSCredentials.FromKeys("Supplied Key Parameters", "Parameters", accessKey, secretKey, sessionToken);
                case SetAWSCredentialCommand.ObjectSet:
                    if (credential is PSObject wrapped)
                    {
                        credential = wrapped.BaseObject;
                    }
                    credential = Interop.SdkBridge.Unwrap(credential) ?? credential;
                    if (credential is AWSCredentials ours)
                    {
                        return ours;
                    }
                    var keys = credential is null ? null : AwsCredCmdlet.KeysOf(credential)
                        ?? throw new AwsCredentialException("InvalidInput", ErrorCategory.InvalidArgument,
                            "-Credential must be a credentials object with a GetCredentials() method that returns AccessKey and SecretKey.");
                    return AWSCredentials.FromKeys("Credentials Object", "CredentialsObject", keys!.AccessKey, keys.SecretKey, keys.Token);
                default:
                    return cmdlet.ResolveProfile(profileName, location, tokenCode);
            }
        }

        /// <summary>
        /// Puts the keys of a storable credentials object into a set_profile / initialize_defaults
        /// request; InvalidInput for anything else. Returns the access key id (not a secret).
        /// </summary>
        internal static string AddSavableKeys(System.Collections.Generic.IDictionary<string, object?> request, object? credential)
        {
            var keys = SavableKeys(credential) ?? throw new AwsCredentialException("InvalidInput", ErrorCategory.InvalidArgument,
                "-Credential must be a credentials object with long-term or session keys (from Get-AWSCredential, New-AWSCredential, or an AWS SDK AWSCredentials); resolved temporary credentials that expire are not stored.");
            request["AccessKey"] = keys.AccessKey;
            request["SecretKey"] = keys.SecretKey;
            request["SessionToken"] = keys.UseToken ? keys.Token : null;
            return keys.AccessKey;
        }

        /// <summary>Keys of a credentials object that may be stored: not resolved temporary credentials.</summary>
        internal static ImmutableCredentials? SavableKeys(object? credential)
        {
            if (credential is PSObject wrapped)
            {
                credential = wrapped.BaseObject;
            }
            if (credential is null)
            {
                return null;
            }
            credential = Interop.SdkBridge.Unwrap(credential) ?? credential;
            if (credential is AWSCredentials ours && ours.Expiration is not null)
            {
                return null;
            }
            return AwsCredCmdlet.KeysOf(credential);
        }
    }
}
