using System.Collections.Generic;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Invoke-AWSLogout: native logout deletes the cached console login of a profile (every one
    /// with -All); the profile keeps login_session, so resolving it afterwards says LoginRequired.
    /// ConfirmImpact High as the incumbent's; -Force skips the prompt; -WhatIf runs the dry run.
    /// Writes no output (what was removed is in the verbose stream).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AWSLogout", DefaultParameterSetName = ProfileSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class InvokeAWSLogoutCommand : AwsCredCmdlet
    {
        private const string ProfileSet = "ProfileName";
        private const string AllSet = "All";

        [Parameter(ParameterSetName = ProfileSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter All { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var location = ResolveLocation(ProfileLocation);
                var request = new Dictionary<string, object?>
                {
                    ["ProfileName"] = All.IsPresent || string.IsNullOrEmpty(ProfileName) ? null : ProfileName,
                    ["ProfileLocation"] = location,
                    ["All"] = All.IsPresent,
                };
                if (WhatIfRequested())
                {
                    request["DryRun"] = true;
                    var plan = Call(Operation.Logout, request);
                    var message = ResponseRows.Text(plan, "Message") ?? string.Empty;
                    WriteVerbose(message);
                    ShouldProcess(message, message, "Invoke-AWSLogout");
                    return;
                }
                var target = All.IsPresent
                    ? "every cached console login (~/.aws/login/cache)"
                    : "the cached console login of profile '" + (string.IsNullOrEmpty(ProfileName) ? "(AWS_PROFILE, else default)" : ProfileName) + "'";
                if (!ShouldProcessUnlessForced(Force.IsPresent, target, "Remove (the profile keeps login_session; sign in again with Invoke-AWSLogin)"))
                {
                    return;
                }
                var done = Call(Operation.Logout, request);
                WriteVerbose(ResponseRows.Text(done, "Message") ?? string.Empty);
                foreach (var file in ResponseRows.Strings(done, "FilesRemoved"))
                {
                    WriteVerbose("Removed " + file + ".");
                }
                WriteVerbose("Tools that already loaded these credentials may use them until they expire (at most 15 minutes).");
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, All.IsPresent ? "All" : ProfileName));
            }
        }
    }
}
