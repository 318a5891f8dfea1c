using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Initialize-AWSDefaultConfiguration: the native initialize_defaults decides what the profile
    /// `default` gets, where the region comes from and whether it replaces a different default
    /// (a dry run first, then one locked write); this cmdlet only asks (where allowed) and sets
    /// $StoredAWSCredentials and $StoredAWSRegion.
    /// </summary>
    [Cmdlet(VerbsData.Initialize, "AWSDefaultConfiguration", DefaultParameterSetName = "InstanceProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [Alias("Initialize-AWSDefaults")]
    [OutputType(typeof(void))]
    public sealed class InitializeAWSDefaultConfigurationCommand : AwsCredCmdlet
    {
        [Parameter(ParameterSetName = SetAWSCredentialCommand.BasicSet, Mandatory = true)]
        [Alias("AK")]
        public string? AccessKey { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.BasicSet, Mandatory = true)]
        [Alias("SK", "SecretAccessKey")]
        public string? SecretKey { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.BasicSet)]
        [Alias("ST")]
        public string? SessionToken { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.RoleSet, Mandatory = true)]
        public string? RoleArn { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.RoleSet, Mandatory = true)]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? SourceProfile { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.RoleSet)]
        public string? ExternalID { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.RoleSet)]
        public string? MfaSerial { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.ObjectSet, Mandatory = true)]
        public object? Credential { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.StoredProfileSet, Mandatory = true, Position = 200)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.StoredProfileSet)]
        public PSCredential? NetworkCredential { get; set; }

        [Parameter(ParameterSetName = SetAWSCredentialCommand.BasicSet, Position = 210)]
        [Parameter(ParameterSetName = SetAWSCredentialCommand.RoleSet, Position = 210)]
        [Parameter(ParameterSetName = SetAWSCredentialCommand.ObjectSet, Position = 210)]
        [Parameter(ParameterSetName = SetAWSCredentialCommand.StoredProfileSet, Position = 210)]
        [Parameter(ParameterSetName = "RegionOnly", Mandatory = true, Position = 210)]
        [Alias("RegionToCall")]
        public string? Region { get; set; }

        [Parameter(Position = 201)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter]
        public string? TokenCode { get; set; }

        [Parameter]
        [ValidateSet("Global", "Local", "Script", "Private")]
        public string? Scope { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (NetworkCredential is not null)
            {
                ThrowTerminatingError(Record("NotSupported", ErrorCategory.NotImplemented,
                    "Initialize-AWSDefaultConfiguration -NetworkCredential (SAML role profiles) is not supported. Use a role profile with source_profile or credential_source, SSO, or access keys.", ProfileName));
            }
            string? location = null;
            try
            {
                location = ResolveLocation(ProfileLocation);
            }
            catch (AwsCredentialException e)
            {
                ThrowTerminatingError(Record(e, ProfileLocation));
            }
            var request = new Dictionary<string, object?>
            {
                ["ProfileName"] = ProfileName,
                ["AccessKey"] = AccessKey,
                ["SecretKey"] = SecretKey,
                ["SessionToken"] = string.IsNullOrEmpty(SessionToken) ? null : SessionToken,
                ["RoleArn"] = RoleArn,
                ["SourceProfile"] = SourceProfile,
                ["ExternalId"] = string.IsNullOrEmpty(ExternalID) ? null : ExternalID,
                ["MfaSerial"] = string.IsNullOrEmpty(MfaSerial) ? null : MfaSerial,
                ["Region"] = string.IsNullOrEmpty(Region) ? null : Region,
                ["ShellRegion"] = ShellState.Region(this),
                ["ProfileLocation"] = location,
            };
            if (ParameterSetName == SetAWSCredentialCommand.ObjectSet)
            {
                try
                {
                    CredentialFactory.AddSavableKeys(request, Credential);
                }
                catch (AwsCredentialException e)
                {
                    ThrowTerminatingError(Record(e, Credential));
                }
            }
            try
            {
                Run(request);
            }
            catch (AwsCredentialException e)
            {
                ThrowTerminatingError(Record(e, "default"));
            }
        }

        private void Run(Dictionary<string, object?> request)
        {
            request["DryRun"] = true;
            request["Force"] = Force.IsPresent;
            var plan = PlanAskingForWhatIsMissing(request);
            var replacing = plan.TryGetValue("ReplacesDifferentDefault", out var r) && r is true;
            var where = request["ProfileLocation"] is string location ? "'" + location + "'" : "the shared AWS config and credentials files";
            var actions = ResponseRows.Strings(plan, "Actions");
            var action = (actions.Length == 0 ? "use the existing settings" : string.Join(", ", actions)) +
                ", then set $StoredAWSCredentials and $StoredAWSRegion (" + (string.IsNullOrEmpty(Scope) ? "the caller's scope" : "scope " + Scope) + ")";
            if (replacing)
            {
                action = "Replace the existing profile (" + ResponseRows.Text(plan, "Reason") + "): " + action;
            }
            var target = "profile 'default' in " + where;
            bool go;
            if (replacing && !Force.IsPresent && !Interactivity.CanPrompt(this) && !WhatIfRequested())
            {
                // The core refuses to replace a different default without Force: its error says so.
                request["DryRun"] = false;
                request["Force"] = false;
                Call(Operation.InitializeDefaults, request);
                return;
            }
            go = replacing && !Force.IsPresent ? ShouldProcess(target, action) : ShouldProcessUnlessForced(true, target, action);
            if (!go)
            {
                return;
            }
            request["DryRun"] = false;
            request["Force"] = true;
            var done = Call(Operation.InitializeDefaults, request);
            foreach (var line in ResponseRows.Strings(done, "Actions"))
            {
                WriteVerbose("Profile 'default': " + line);
            }
            var written = ResponseRows.Strings(done, "FilesWritten");
            WriteVerbose(written.Length > 0 ? "Updated " + string.Join(", ", written) + "." : "No file was changed.");
            var credential = ShellCredentials(done, request);
            var region = ResponseRows.Text(done, "Region");
            ShellState.Set(this, ShellState.CredentialsVariable, credential, Scope);
            ShellState.Set(this, ShellState.RegionVariable, region, Scope);
            WriteVerbose("Credentials loaded from " + credential + "; region " + region + " (from " + ResponseRows.Text(done, "RegionSource") + ").");
        }

        /// <summary>The dry run; where prompting is allowed, asks for missing keys or region and plans again.</summary>
        private Dictionary<string, object?> PlanAskingForWhatIsMissing(Dictionary<string, object?> request)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return CallWithMfa(Operation.InitializeDefaults, request, TokenCode);
                }
                catch (AwsCredentialException e) when (attempt < 2 && (e.Code == "NoCredentials" || e.Code == "NoRegion") && Interactivity.CanPrompt(this))
                {
                    if (e.Code == "NoCredentials")
                    {
                        Host.UI.Write("AWS Access Key: ");
                        request["AccessKey"] = (Host.UI.ReadLine() ?? string.Empty).Trim();
                        request["SecretKey"] = PromptSecret("AWS Secret Key");
                    }
                    else
                    {
                        Host.UI.Write("Region system name, such as us-east-1: ");
                        request["Region"] = (Host.UI.ReadLine() ?? string.Empty).Trim();
                    }
                }
            }
        }

        /// <summary>The credentials the shell uses afterwards.</summary>
        private AWSCredentials ShellCredentials(Dictionary<string, object?> done, Dictionary<string, object?> request)
        {
            if (done.TryGetValue("Credentials", out var c) && c is Dictionary<string, object?> resolved)
            {
                return AWSCredentials.FromResponse(resolved, request["ProfileLocation"] as string);
            }
            if (request["AccessKey"] is string accessKey && request["SecretKey"] is string secretKey)
            {
                return AWSCredentials.FromKeys("Supplied Key Parameters", "Parameters", accessKey, secretKey, request["SessionToken"] as string);
            }
            return ResolveProfile("default", request["ProfileLocation"] as string, TokenCode);
        }
    }
}
