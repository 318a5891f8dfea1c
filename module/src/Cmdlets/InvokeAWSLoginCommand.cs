using System.Collections.Generic;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Invoke-AWSLogin: console sign-in (`aws login`). Native login_start (PKCE, state, loopback
    /// listener or cross-device page), then the browser (or, with -Remote, the pasted code read
    /// from the host) and login_poll until the login is done; the library writes the login cache
    /// and login_session. Asks for a region (NoRegion) and an identity change only where a prompt
    /// is allowed. -WhatIf runs the native dry run.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AWSLogin", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AWSLoginResult))]
    public sealed class InvokeAWSLoginCommand : SignInCmdlet
    {
        /// <summary>The region the AWS CLI offers when it asks for one.</summary>
        private const string DefaultRegion = "us-east-1";

        /// <summary>The identity change the user did not confirm (or could not be asked about).</summary>
        private string? refusedChange;

        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter(Position = 211, ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        public string? Region { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter]
        [Alias("NoBrowser")]
        public SwitchParameter Remote { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int? RedirectPort { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? ExecutionTimeout { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var location = ResolveLocation(ProfileLocation);
                var request = new Dictionary<string, object?>
                {
                    ["ProfileName"] = string.IsNullOrEmpty(ProfileName) ? null : ProfileName,
                    ["ProfileLocation"] = location,
                    ["Region"] = string.IsNullOrEmpty(Region) ? null : Region,
                    ["Remote"] = Remote.IsPresent,
                    ["RedirectPort"] = RedirectPort,
                    ["TimeoutMs"] = TimeoutMs(ExecutionTimeout),
                    ["Force"] = Force.IsPresent,
                };
                if (WhatIfRequested())
                {
                    request["DryRun"] = true;
                    var plan = Call(Operation.LoginStart, request);
                    var message = ResponseRows.Text(plan, "Message") ?? string.Empty;
                    WriteVerbose(message);
                    ShouldProcess(message, message, "Invoke-AWSLogin");
                    return;
                }
                var target = "profile '" + (string.IsNullOrEmpty(ProfileName) ? "(AWS_PROFILE, else default)" : ProfileName) + "' in " +
                    (location is null ? "the shared AWS config file" : "'" + location + "'");
                if (!ShouldProcess(target, "Sign in with the browser, cache the login under ~/.aws/login/cache and write login_session into the profile"))
                {
                    return;
                }
                if (Remote.IsPresent && !Interactivity.CanPrompt(this))
                {
                    // Checked before anything starts: the pasted code cannot be read here.
                    ThrowTerminatingError(Record("InvalidInput", ErrorCategory.InvalidArgument,
                        "Invoke-AWSLogin -Remote reads the code the sign-in page shows from the console, and this session cannot be asked (not interactive). Sign in on a machine with a browser, or run the command in an interactive session.", ProfileName));
                }
                var started = Start(request);
                var url = ResponseRows.Text(started, "AuthorizeUrl") ?? string.Empty;
                var profile = ResponseRows.Text(started, "ProfileName") ?? string.Empty;
                WriteVerbose("Signing in profile '" + profile + "' (region " + ResponseRows.Text(started, "Region") + ").");
                var activity = "Signing in profile " + profile;
                Dictionary<string, object?>? done;
                if (Remote.IsPresent)
                {
                    Tell("Open this page on a device with a browser, sign in, and paste the code it shows:");
                    Tell(url);
                    Host.UI.Write("Code: ");
                    string code;
                    try
                    {
                        code = (Host.UI.ReadLine() ?? string.Empty).Trim();
                    }
                    catch (PipelineStoppedException)
                    {
                        // Ctrl+C at the prompt: the login must not wait on natively until its deadline.
                        CancelIfRunning(Operation.LoginCancel, started);
                        throw;
                    }
                    if (code.Length == 0)
                    {
                        CancelIfRunning(Operation.LoginCancel, started);
                        ThrowTerminatingError(Record("InvalidInput", ErrorCategory.InvalidArgument,
                            "No code was entered; the login was cancelled and nothing was written.", ProfileName));
                    }
                    var first = Call(Operation.LoginPoll, new Dictionary<string, object?> { ["Handle"] = ResponseRows.Number(started, "Handle") ?? 0, ["Code"] = code });
                    done = Wait(Operation.LoginPoll, Operation.LoginCancel, first, activity, ConfirmIdentityChange);
                }
                else
                {
                    Tell("Sign in in the browser. If it does not open, open this page:");
                    Tell(url);
                    OpenBrowser(url);
                    done = Wait(Operation.LoginPoll, Operation.LoginCancel, started, activity, ConfirmIdentityChange);
                }
                if (done is null)
                {
                    WriteVerbose("The login was cancelled; nothing was written.");
                    return;
                }
                if (ResponseRows.Text(done, "Status") == "Cancelled")
                {
                    ThrowTerminatingError(Record("InvalidInput", ErrorCategory.InvalidArgument,
                        (refusedChange ?? "The profile is signed in as another identity") +
                        ": the login was cancelled and nothing was written. Give -Force to switch the profile without being asked.", ProfileName));
                }
                WriteVerbose(ResponseRows.Text(done, "Message") ?? string.Empty);
                WriteObject(new AWSLoginResult(
                    ResponseRows.Text(done, "ProfileName") ?? profile,
                    ResponseRows.Text(done, "LoginSession"),
                    ResponseRows.Text(done, "AccountId"),
                    ResponseRows.Text(done, "Region") ?? string.Empty,
                    Utc(done, "ExpiresAt"),
                    ResponseRows.Text(done, "CacheFile"),
                    ResponseRows.Strings(done, "FilesWritten")));
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, ProfileName));
            }
        }

        /// <summary>login_start; where a prompt is allowed, a missing region is asked for once (default us-east-1).</summary>
        private Dictionary<string, object?> Start(Dictionary<string, object?> request)
        {
            try
            {
                return Call(Operation.LoginStart, request);
            }
            catch (AwsCredentialException e) when (e.Code == "NoRegion" && request["Region"] is null && Interactivity.CanPrompt(this))
            {
                Tell(e.Message);
                Host.UI.Write("AWS Region [" + DefaultRegion + "]: ");
                var answer = (Host.UI.ReadLine() ?? string.Empty).Trim();
                request["Region"] = answer.Length == 0 ? DefaultRegion : answer;
                return Call(Operation.LoginStart, request);
            }
        }

        /// <summary>The profile is signed in as another identity: ask where allowed; never without a prompt.</summary>
        private bool ConfirmIdentityChange(Dictionary<string, object?> response)
        {
            var profile = ResponseRows.Text(response, "ProfileName");
            var session = ResponseRows.Text(response, "LoginSession");
            var change = "Profile '" + profile + "' is signed in as " + ResponseRows.Text(response, "PreviousLoginSession") + ", and this login is " + session;
            if (Interactivity.CanPrompt(this) && ShouldContinue(change + ". Switch the profile to " + session + "?", "Change the identity of profile '" + profile + "'"))
            {
                return true;
            }
            refusedChange = change;
            return false;
        }
    }
}
