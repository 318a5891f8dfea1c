using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>New-AWSCredential: returns a credentials object for the given keys, object or profile; writes nothing.</summary>
    [Cmdlet(VerbsCommon.New, "AWSCredential", DefaultParameterSetName = SetAWSCredentialCommand.StoredProfileSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [Alias("New-AWSCredentials")]
    [OutputType(typeof(AWSCredentials))]
    public sealed class NewAWSCredentialCommand : AwsCredCmdlet
    {
        [Parameter(ParameterSetName = SetAWSCredentialCommand.BasicSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("AK")]
        public string AccessKey { get; set; } = string.Empty;

        [Parameter(ParameterSetName = SetAWSCredentialCommand.BasicSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SK", "SecretAccessKey")]
        public string SecretKey { get; set; } = string.Empty;

        [Parameter(ParameterSetName = SetAWSCredentialCommand.BasicSet, ValueFromPipelineByPropertyName = true)]
        [Alias("ST")]
        public string? SessionToken { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.RoleSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string RoleArn { get; set; } = string.Empty;

        [Parameter(ParameterSetName = SetAWSCredentialCommand.RoleSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string SourceProfile { get; set; } = string.Empty;

        [Parameter(ParameterSetName = SetAWSCredentialCommand.RoleSet, ValueFromPipelineByPropertyName = true)]
        public string? ExternalID { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.RoleSet, ValueFromPipelineByPropertyName = true)]
        public string? MfaSerial { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.ObjectSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public object? Credential { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.StoredProfileSet, Mandatory = true, Position = 200, ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string ProfileName { get; set; } = string.Empty;

        [Parameter(ParameterSetName = SetAWSCredentialCommand.StoredProfileSet, ValueFromPipelineByPropertyName = true)]
        public PSCredential? NetworkCredential { get; set; }

        [Parameter(Position = 201, ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.StoredProfileSet, ValueFromPipelineByPropertyName = true)]
        public string? TokenCode { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == SetAWSCredentialCommand.RoleSet)
            {
                ThrowTerminatingError(Record("NotSupported", ErrorCategory.NotImplemented,
                    "New-AWSCredential cannot use -RoleArn and -SourceProfile: roles are resolved from profiles. Store the role first (Set-AWSCredential -RoleArn ARN -SourceProfile SOURCE -StoreAs NAME), then run New-AWSCredential -ProfileName NAME.", RoleArn));
            }
            if (NetworkCredential is not null)
            {
                ThrowTerminatingError(Record("NotSupported", ErrorCategory.NotImplemented,
                    "New-AWSCredential -NetworkCredential (SAML role profiles) is not supported. Use a role profile with source_profile or credential_source, SSO, or access keys.", ProfileName));
            }
            var sourceText = ParameterSetName switch
            {
                SetAWSCredentialCommand.BasicSet => "supplied access key " + AccessKey,
                SetAWSCredentialCommand.ObjectSet => "the credentials object",
                _ => "profile '" + ProfileName + "'",
            };
            if (!ShouldProcess(sourceText, "Create a credentials object"))
            {
                return;
            }
            try
            {
                WriteObject(CredentialFactory.FromParameters(this, ParameterSetName, AccessKey, SecretKey, SessionToken, Credential, ProfileName, ResolveLocation(ProfileLocation), TokenCode));
            }
            catch (AwsCredentialException e)
            {
                ThrowTerminatingError(Record(e, ProfileName));
            }
        }
    }
}
