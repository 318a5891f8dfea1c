using System.Collections.Generic;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Invoke-AWSSSOLogin: IAM Identity Center sign-in of a profile or an sso-session. Native
    /// sso_login_start answers AlreadyLoggedIn for a valid cached token (unless -Force), else the
    /// page to open (authorization code with PKCE and a loopback redirect, or with
    /// -UseDeviceCode the device page and its code); then sso_login_poll with Write-Progress until
    /// the token is cached. Ctrl+C cancels. -WhatIf runs the native dry run.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AWSSSOLogin", DefaultParameterSetName = ProfileSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(AWSSSOLoginResult))]
    public sealed class InvokeAWSSSOLoginCommand : SignInCmdlet
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

        [Parameter]
        public SwitchParameter UseDeviceCode { get; set; }

        [Parameter]
        public SwitchParameter NoBrowser { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? ExecutionTimeout { get; set; }

        protected override void ProcessRecord()
        {
            var named = ParameterSetName == SessionSet ? "sso-session '" + SessionName + "'" : "profile '" + (string.IsNullOrEmpty(ProfileName) ? "(AWS_PROFILE, else default)" : ProfileName) + "'";
            try
            {
                var request = new Dictionary<string, object?>
                {
                    ["ProfileName"] = ParameterSetName == SessionSet || string.IsNullOrEmpty(ProfileName) ? null : ProfileName,
                    ["SessionName"] = ParameterSetName == SessionSet ? SessionName : null,
                    ["ProfileLocation"] = ResolveLocation(ProfileLocation),
                    ["UseDeviceCode"] = UseDeviceCode.IsPresent,
                    ["Force"] = Force.IsPresent,
                    ["TimeoutMs"] = TimeoutMs(ExecutionTimeout),
                };
                if (WhatIfRequested())
                {
                    request["DryRun"] = true;
                    var plan = Call(Operation.SsoLoginStart, request);
                    var message = ResponseRows.Text(plan, "Message") ?? string.Empty;
                    WriteVerbose(message);
                    // DryRun: what the sign-in would do; AlreadyLoggedIn: that nothing would be done.
                    ShouldProcess(message, message, "Invoke-AWSSSOLogin");
                    return;
                }
                if (!ShouldProcess(named, "Sign in to IAM Identity Center and cache the token under ~/.aws/sso/cache"))
                {
                    return;
                }
                var started = Call(Operation.SsoLoginStart, request);
                if (ResponseRows.Flag(started, "Done"))
                {
                    WriteVerbose("SSO sign-in of " + named + " is not necessary: " + ResponseRows.Text(started, "Message") + " (until " + ResponseRows.Text(started, "ExpiresAt") + ").");
                    WriteObject(Result(started));
                    return;
                }
                var url = ResponseRows.Text(started, "AuthorizeUrl") ?? string.Empty;
                if (ResponseRows.Text(started, "UserCode") is string userCode)
                {
                    Tell("Confirm this code on the sign-in page: " + userCode);
                }
                Tell((NoBrowser.IsPresent ? "Open this page in a browser and sign in:" : "Sign in in the browser. If it does not open, open this page:"));
                Tell(url);
                if (!NoBrowser.IsPresent)
                {
                    OpenBrowser(url);
                }
                var done = Wait(Operation.SsoLoginPoll, Operation.SsoLoginCancel, started, "Signing in to IAM Identity Center (" + named + ")");
                if (done is null)
                {
                    WriteVerbose("The sign-in was cancelled; no token was written.");
                    return;
                }
                WriteVerbose("SSO authentication successful for " + named + ": " + ResponseRows.Text(done, "Message") + ".");
                WriteObject(Result(done));
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, ParameterSetName == SessionSet ? SessionName : ProfileName));
            }
        }

        private static AWSSSOLoginResult Result(Dictionary<string, object?> response)
        {
            var profile = ResponseRows.Text(response, "ProfileName");
            return new AWSSSOLoginResult(
                string.IsNullOrEmpty(profile) ? null : profile,
                ResponseRows.Text(response, "SessionName"),
                ResponseRows.Text(response, "Status") ?? string.Empty,
                ResponseRows.Text(response, "Region") ?? string.Empty,
                Utc(response, "ExpiresAt"),
                ResponseRows.Text(response, "CacheFile"));
        }
    }
}
