using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Amazon.PowerShell.Common;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace AwsCredentialManager.Interop.Tests
{
    /// <summary>
    /// Everything that touches AWSSDK.Core / AWSSDK.SecurityToken. Kept out of the test method
    /// (no SDK type in any signature, no inlining) so that .NET loads AWSSDK.Core only when
    /// <see cref="Load"/> runs, and the test can call Set-AWSCredential before that.
    /// </summary>
    internal static class SdkSide
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static string Load()
        {
            var assembly = typeof(AWSCredentials).Assembly;
            return assembly.GetName().Name + " " +
                (assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()?.Version ?? assembly.GetName().Version?.ToString());
        }

        /// <summary>
        /// The reflection lookup of modules that find credentials in $StoredAWSCredentials without
        /// referencing AWS.Tools.Common: the first NON-PUBLIC INSTANCE property whose declared type is
        /// assignable to Amazon.Runtime.AWSCredentials, and a non-public string property Name.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static (object Credentials, string? Name)? NonPublicPropertyLookup(object? value)
        {
            if (value is null)
            {
                return null;
            }
            var properties = value.GetType().GetProperties(BindingFlags.NonPublic | BindingFlags.Instance);
            var credentials = properties.FirstOrDefault(p => typeof(AWSCredentials).IsAssignableFrom(p.PropertyType));
            var name = properties.FirstOrDefault(p => p.Name == "Name" && p.PropertyType == typeof(string));
            if (credentials?.GetValue(value) is not AWSCredentials found)
            {
                return null;
            }
            return (found, name?.GetValue(value) as string);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static bool IsSdkCredentials(object? value) => value is AWSCredentials;

        /// <summary>GetCredentials(): the keys an SDK client signs with.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static (string AccessKey, string SecretKey) Keys(object credentials)
        {
            var keys = ((AWSCredentials)credentials).GetCredentials();
            return (keys.AccessKey, keys.SecretKey);
        }

        /// <summary>GetCredentialsAsync(): what the SDK's async pipeline asks for.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static (string AccessKey, string SecretKey) KeysAsync(object credentials)
        {
            var keys = ((AWSCredentials)credentials).GetCredentialsAsync().GetAwaiter().GetResult();
            return (keys.AccessKey, keys.SecretKey);
        }

        /// <summary>STS GetCallerIdentity signed (SigV4, checked by moto) with these credentials: the caller's ARN.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static string CallerArn(object credentials, string url)
        {
            var config = new AmazonSecurityTokenServiceConfig { ServiceURL = url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
            using var client = new AmazonSecurityTokenServiceClient((AWSCredentials)credentials, config);
            return client.GetCallerIdentityAsync(new GetCallerIdentityRequest()).GetAwaiter().GetResult().Arn;
        }

        /// <summary>The error code moto gives a request signed with a wrong secret (proves signatures are checked).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static string? ErrorWithWrongSecret(string accessKey, string url)
        {
            try
            {
                CallerArn(new BasicAWSCredentials(accessKey, "not-the-secret-of-this-key-0000000000000"), url);
                return null;
            }
            catch (AmazonServiceException e)
            {
                return e.ErrorCode;
            }
        }
    }

    /// <summary>What touches the AWS.Tools.Common stand-in; loaded by <see cref="Load"/> only.</summary>
    internal static class ToolsSide
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static string Load() => typeof(AWSPSCredentials).Assembly.GetName().Name!;

        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static bool IsToolsCredentials(object? value) => value is AWSPSCredentials;

        /// <summary>The credentials a service cmdlet takes from this $StoredAWSCredentials value, or null.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static object? ServiceCmdletCredentials(object? value) => ServiceCmdletLookup.FromStoredVariable(value);

        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static string? Describe(object? value) => ServiceCmdletLookup.Describe(value);
    }
}
