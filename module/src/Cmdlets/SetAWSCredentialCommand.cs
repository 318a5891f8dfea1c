using System.Collections.Generic;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Set-AWSCredential: with -StoreAs, writes a profile (keys, a role, or a copy of a profile);
    /// without it, sets $StoredAWSCredentials for the shell. Parameter sets and aliases as in the
    /// AWS Tools for PowerShell.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "AWSCredential", DefaultParameterSetName = StoredProfileSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [Alias("Set-AWSCredentials")]
    [OutputType(typeof(void))]
    public sealed class SetAWSCredentialCommand : AwsCredCmdlet
    {
        internal const string BasicSet = "BasicOrSession";
        internal const string RoleSet = "AssumeRole";
        internal const string ObjectSet = "AWSCredentialsObject";
        internal const string StoredProfileSet = "StoredProfile";

        [Parameter(ParameterSetName = BasicSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("AK")]
        public string AccessKey { get; set; } = string.Empty;

        [Parameter(ParameterSetName = BasicSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SK", "SecretAccessKey")]
        public string SecretKey { get; set; } = string.Empty;

        [Parameter(ParameterSetName = BasicSet, ValueFromPipelineByPropertyName = true)]
        [Alias("ST")]
        public string? SessionToken { get; set; }

        /// <summary>
        /// Extension: with -StoreAs, keeps the keys in the OS keychain and writes a
        /// credential_process line (running the module's awscred) to the profile instead.
        /// </summary>
        [Parameter(ParameterSetName = BasicSet, ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Encrypted { get; set; }

        [Parameter(ParameterSetName = RoleSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string RoleArn { get; set; } = string.Empty;

        [Parameter(ParameterSetName = RoleSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string SourceProfile { get; set; } = string.Empty;

        [Parameter(ParameterSetName = RoleSet, ValueFromPipelineByPropertyName = true)]
        public string? ExternalID { get; set; }

        [Parameter(ParameterSetName = RoleSet, ValueFromPipelineByPropertyName = true)]
        public string? MfaSerial { get; set; }

        [Parameter(ParameterSetName = RoleSet, ValueFromPipelineByPropertyName = true)]
        public string? RoleSessionName { get; set; }

        [Parameter(ParameterSetName = RoleSet, ValueFromPipelineByPropertyName = true)]
        public int DurationSeconds { get; set; }

        [Parameter(ParameterSetName = BasicSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = RoleSet, ValueFromPipelineByPropertyName = true)]
        public string? Region { get; set; }

        [Parameter(ParameterSetName = ObjectSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public object? Credential { get; set; }

        [Parameter(ParameterSetName = StoredProfileSet, Mandatory = true, Position = 200, ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string ProfileName { get; set; } = string.Empty;

        [Parameter(ParameterSetName = StoredProfileSet, ValueFromPipelineByPropertyName = true)]
        public PSCredential? NetworkCredential { get; set; }

        [Parameter(ParameterSetName = StoredProfileSet, ValueFromPipelineByPropertyName = true)]
        public string? TokenCode { get; set; }

        [Parameter(Position = 201, ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? StoreAs { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("Global", "Local", "Script", "Private")]
        public string? Scope { get; set; }

        protected override void ProcessRecord()
        {
            var storing = !string.IsNullOrEmpty(StoreAs);
            if (storing && MyInvocation.BoundParameters.ContainsKey(nameof(Scope)))
            {
                ThrowTerminatingError(Record("InvalidInput", ErrorCategory.InvalidArgument, "Parameters Scope and StoreAs cannot be used together.", StoreAs));
            }
            if (Encrypted.IsPresent && !storing)
            {
                ThrowTerminatingError(Record("InvalidInput", ErrorCategory.InvalidArgument,
                    "-Encrypted keeps stored keys in the OS keychain, so it needs -StoreAs (the profile to write).", AccessKey));
            }
            if (NetworkCredential is not null)
            {
                ThrowTerminatingError(Record("NotSupported", ErrorCategory.NotImplemented,
                    "Set-AWSCredential -NetworkCredential (SAML role profiles) is not supported. Use a role profile with source_profile or credential_source, SSO, or access keys.", ProfileName));
            }
            if (storing)
            {
                Store();
            }
            else
            {
                SetForShell();
            }
        }

        private void SetForShell()
        {
            if (ParameterSetName == RoleSet)
            {
                ThrowTerminatingError(Record("NotSupported", ErrorCategory.NotImplemented,
                    "Set-AWSCredential cannot use -RoleArn and -SourceProfile without -StoreAs: roles are resolved from profiles. Store the role first (Set-AWSCredential -RoleArn ARN -SourceProfile SOURCE -StoreAs NAME), then run Set-AWSCredential -ProfileName NAME.", RoleArn));
            }
            if (!string.IsNullOrEmpty(Region))
            {
                WriteWarning("-Region is written to a profile only with -StoreAs; it is ignored here. Use Set-DefaultAWSRegion to set the region for this shell.");
            }
            var sourceText = ParameterSetName switch
            {
                BasicSet => "supplied access key " + AccessKey,
                ObjectSet => "the credentials object",
                _ => "profile '" + ProfileName + "'",
            };
            var scopeText = string.IsNullOrEmpty(Scope) ? "the caller's scope" : "scope " + Scope;
            if (!ShouldProcess("$StoredAWSCredentials (" + scopeText + ")", "Set credentials from " + sourceText))
            {
                return;
            }
            AWSCredentials credential;
            try
            {
                credential = CredentialFactory.FromParameters(this, ParameterSetName, AccessKey, SecretKey, SessionToken, Credential, ProfileName, ResolveLocation(ProfileLocation), TokenCode);
            }
            catch (AwsCredentialException e)
            {
                ThrowTerminatingError(Record(e, ProfileName));
                return;
            }
            ShellState.Set(this, ShellState.CredentialsVariable, credential, Scope);
            WriteVerbose("Credentials loaded from " + credential + ".");
        }

        private void Store()
        {
            if (!TryResolveLocation(ProfileLocation, out var location))
            {
                return;
            }
            var where = location is null ? "the shared AWS config and credentials files" : "'" + location + "'";
            var request = new Dictionary<string, object?> { ["ProfileName"] = StoreAs, ["ProfileLocation"] = location };
            var operation = Operation.SetProfile;
            object target = StoreAs!;
            string action;
            switch (ParameterSetName)
            {
                case BasicSet:
                    request["AccessKey"] = AccessKey;
                    request["SecretKey"] = SecretKey;
                    request["SessionToken"] = NullIfEmpty(SessionToken);
                    action = "Store access key " + AccessKey + (string.IsNullOrEmpty(SessionToken) ? string.Empty : " with a session token");
                    if (Encrypted.IsPresent)
                    {
                        request["Encrypted"] = true;
                        request["CliPath"] = NativeLoader.CliPath;
                        action += " in the OS keychain (the profile gets a credential_process line)";
                    }
                    break;
                case RoleSet:
                    request["RoleArn"] = RoleArn;
                    request["SourceProfile"] = SourceProfile;
                    request["ExternalId"] = NullIfEmpty(ExternalID);
                    request["MfaSerial"] = NullIfEmpty(MfaSerial);
                    request["RoleSessionName"] = NullIfEmpty(RoleSessionName);
                    if (MyInvocation.BoundParameters.ContainsKey(nameof(DurationSeconds)))
                    {
                        request["DurationSeconds"] = DurationSeconds;
                    }
                    action = "Store role " + RoleArn + " with source profile '" + SourceProfile + "'";
                    break;
                case ObjectSet:
                    string keyId;
                    try
                    {
                        keyId = CredentialFactory.AddSavableKeys(request, Credential);
                    }
                    catch (AwsCredentialException e)
                    {
                        WriteError(Record(e, Credential));
                        return;
                    }
                    action = "Store access key " + keyId + " of the credentials object";
                    break;
                default:
                    operation = Operation.CopyProfile;
                    target = ProfileName;
                    request["ProfileName"] = ProfileName;
                    request["StoreAs"] = StoreAs;
                    action = "Copy profile '" + ProfileName + "'";
                    break;
            }
            if (operation == Operation.SetProfile && !string.IsNullOrEmpty(Region))
            {
                request["Region"] = Region;
                action += " and region " + Region;
            }
            if (!ShouldProcess("profile '" + StoreAs + "' in " + where, action))
            {
                return;
            }
            try
            {
                var response = Call(operation, request);
                WriteVerbose(WriteSummary.Describe("Stored profile '" + StoreAs + "'", response));
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, target));
            }
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
