using Amazon.Runtime;

namespace Amazon.PowerShell.Common
{
    /// <summary>
    /// Stand-in for AWS.Tools.Common's credentials wrapper, with the shape its service cmdlets rely
    /// on (aws/aws-tools-for-powershell, modules/AWSPowerShell/Common/CredentialsArguments.cs): a
    /// public class in Amazon.PowerShell.Common whose only constructor that takes credentials is
    /// internal (AWSCredentials, string, CredentialsSource) and whose Credentials, Name and Source
    /// are internal. AWS.Tools.Common is published on the PowerShell Gallery, not NuGet, so the
    /// tests build this assembly, named AWS.Tools.Common, against the same AWSSDK.Core instead.
    /// </summary>
    public class AWSPSCredentials
    {
        internal AWSPSCredentials(AWSCredentials credentials, string name, CredentialsSource source)
        {
            Credentials = credentials;
            Name = name;
            Source = source;
        }

        internal AWSCredentials Credentials { get; }

        internal string Name { get; }

        internal CredentialsSource Source { get; }

        /// <inheritdoc />
        public override string ToString() => string.IsNullOrEmpty(Name) ? Credentials.ToString() ?? string.Empty : Name;
    }

    /// <summary>Where AWSPSCredentials came from (the AWS Tools' public enum, v4/v5 member names).</summary>
    public enum CredentialsSource
    {
        Strings,
        Profile,
        CredentialsObject,
        Session,
        Environment,
        Container,
        InstanceProfile,
        Unknown,
    }

    /// <summary>
    /// The shell-variable step of a service cmdlet's credential search (TryGetCredentials): the
    /// value of $StoredAWSCredentials is used only when it is an AWSPSCredentials, and then its
    /// inner credentials sign the request.
    /// </summary>
    public static class ServiceCmdletLookup
    {
        /// <summary>The credentials a service cmdlet would take from this $StoredAWSCredentials value, or null.</summary>
        public static AWSCredentials? FromStoredVariable(object? value) => value is AWSPSCredentials stored ? stored.Credentials : null;

        /// <summary>Name and source of an AWSPSCredentials value, as the AWS Tools display them.</summary>
        public static string? Describe(object? value) => value is AWSPSCredentials stored ? stored.Name + " (" + stored.Source + ")" : null;
    }
}
