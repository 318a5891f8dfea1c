using System.Collections.Generic;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Invoke-AWSSSOLogout: native sso_logout ends the IAM Identity Center session of a profile or
    /// an sso-session, or, named by neither, every cached session (as `aws sso logout`): the
    /// portal's Logout, then the token files and the AWS CLI's cached SSO credentials. -WhatIf
    /// runs the dry run. Writes no output (what was removed is in the verbose stream).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AWSSSOLogout", DefaultParameterSetName = ProfileSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class InvokeAWSSSOLogoutCommand : AwsCredCmdlet
    {
        private const string ProfileSet = "Profile";
        private const string SessionSet = "Session";

        [Parameter(ParameterSetName = ProfileSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter(ParameterSetName = SessionSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SessionName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        protected override void ProcessRecord()
        {
            var profile = ParameterSetName == SessionSet || string.IsNullOrEmpty(ProfileName) ? null : ProfileName;
            var session = ParameterSetName == SessionSet ? SessionName : null;
            try
            {
                var request = new Dictionary<string, object?>
                {
                    ["ProfileName"] = profile,
                    ["SessionName"] = session,
                    ["ProfileLocation"] = ResolveLocation(ProfileLocation),
                };
                if (WhatIfRequested())
                {
                    request["DryRun"] = true;
                    var plan = Call(Operation.SsoLogout, request);
                    var message = ResponseRows.Text(plan, "Message") ?? string.Empty;
                    WriteVerbose(message);
                    ShouldProcess(message, message, "Invoke-AWSSSOLogout");
                    return;
                }
                var target = session is not null ? "the IAM Identity Center session '" + session + "'"
                    : profile is not null ? "the IAM Identity Center session of profile '" + profile + "'"
                    : "every cached IAM Identity Center session (~/.aws/sso/cache)";
                if (!ShouldProcess(target, "Sign out (the portal's Logout) and remove the cached token and the credentials cached with it"))
                {
                    return;
                }
                var done = Call(Operation.SsoLogout, request);
                WriteVerbose(ResponseRows.Text(done, "Message") ?? string.Empty);
                foreach (var file in ResponseRows.Strings(done, "FilesRemoved"))
                {
                    WriteVerbose("Removed " + file + ".");
                }
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, session ?? profile));
            }
        }
    }
}
