using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Initialize-AWSSSOConfiguration: native sso_configure writes the [sso-session] and the
    /// profile in one locked edit. In an interactive host the cmdlet first asks for what was not
    /// given: the start URL and SSO region, then, for the account and role, it writes the
    /// [sso-session] alone (sso_configure SessionOnly), signs in with it unless a valid token is
    /// cached (sso_login_start/poll, the browser), and offers the accounts and roles of
    /// sso_accounts as numbered choices (as text when the portal lists none); elsewhere the
    /// library's InvalidInput names every missing parameter and nothing is written.
    /// </summary>
    [Cmdlet(VerbsData.Initialize, "AWSSSOConfiguration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AWSSSOConfiguration))]
    public sealed class InitializeAWSSSOConfigurationCommand : SignInCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? AccountId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? RoleName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SessionName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? StartUrl { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SSORegion { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? RegistrationScopes { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("RegionToCall")]
        public string? Region { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var location = ResolveLocation(ProfileLocation);
                var request = new Dictionary<string, object?>
                {
                    ["ProfileName"] = ProfileName,
                    ["ProfileLocation"] = location,
                    ["SessionName"] = SessionName,
                    ["StartUrl"] = StartUrl,
                    ["SSORegion"] = SSORegion,
                    ["RegistrationScopes"] = RegistrationScopes is null ? null : new List<object?>(RegistrationScopes),
                    ["AccountId"] = AccountId,
                    ["RoleName"] = RoleName,
                    ["Region"] = Region,
                };
                if (Interactivity.CanPrompt(this))
                {
                    AskForWhatIsMissing(request);
                }
                if (WhatIfRequested())
                {
                    request["DryRun"] = true;
                    var plan = Call(Operation.SsoConfigure, request);
                    var message = ResponseRows.Text(plan, "Message") ?? string.Empty;
                    WriteVerbose(message);
                    ShouldProcess(message, message, "Initialize-AWSSSOConfiguration");
                    return;
                }
                var target = "profile '" + (ProfileName ?? "(AWS_PROFILE, else default)") + "' and its sso-session in " +
                    (location is null ? "the shared AWS config file" : "'" + location + "'");
                if (!ShouldProcess(target, "Write the IAM Identity Center configuration"))
                {
                    return;
                }
                var done = Call(Operation.SsoConfigure, request);
                WriteVerbose(WriteSummary.Describe(ResponseRows.Text(done, "Message") ?? string.Empty, done));
                var profile = ResponseRows.Text(done, "ProfileName") ?? string.Empty;
                WriteVerbose("Sign in with: Invoke-AWSSSOLogin -ProfileName '" + profile + "'. Then use the profile with -ProfileName '" + profile + "'.");
                WriteObject(new AWSSSOConfiguration(
                    profile,
                    ResponseRows.Text(done, "SessionName") ?? string.Empty,
                    ResponseRows.Strings(done, "FilesWritten")));
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, ProfileName));
            }
        }

        /// <summary>
        /// Asks for the values that were not given (Enter leaves one to the library: an existing
        /// sso-session keeps its start URL and region). The account and role come from the
        /// portal when a token of the session is cached (a numbered choice; a single one is taken).
        /// </summary>
        private void AskForWhatIsMissing(Dictionary<string, object?> request)
        {
            if (request["StartUrl"] is null)
            {
                request["StartUrl"] = Ask("SSO start URL, such as https://my-sso-portal.awsapps.com/start (Enter: keep the sso-session's)");
            }
            if (request["SSORegion"] is null)
            {
                request["SSORegion"] = Ask("SSO region, such as us-east-1 (Enter: keep the sso-session's)");
            }
            if ((request["AccountId"] is null || request["RoleName"] is null) && !WhatIfRequested())
            {
                var accounts = SignedInAccounts(request);
                if (request["AccountId"] is null)
                {
                    request["AccountId"] = accounts.Count > 0
                        ? Choose("AWS account", accounts.Select(a => (ResponseRows.Text(a, "AccountId") ?? string.Empty, ResponseRows.Text(a, "AccountName") + " " + ResponseRows.Text(a, "EmailAddress"))).ToList())
                        : Ask("AWS account id (12 digits)");
                }
                if (request["RoleName"] is null)
                {
                    var account = accounts.FirstOrDefault(a => ResponseRows.Text(a, "AccountId") == request["AccountId"] as string);
                    var roles = account is null ? new string[0] : ResponseRows.Strings(account, "Roles");
                    request["RoleName"] = roles.Length > 0
                        ? Choose("role", roles.Select(r => (r, string.Empty)).ToList())
                        : Ask("Role name, such as ReadOnlyAccess");
                }
            }
            if (request["Region"] is null)
            {
                request["Region"] = Ask("Default region of the profile, such as eu-west-1 (Enter: none)");
            }
        }

        /// <summary>
        /// The accounts and roles the user may take: the [sso-session] is written alone, a sign-in
        /// runs unless a valid token is cached (the browser; Ctrl+C stops it), then sso_accounts.
        /// None (and the values are asked as text) when any step fails; the reason is verbose.
        /// </summary>
        private List<Dictionary<string, object?>> SignedInAccounts(Dictionary<string, object?> request)
        {
            var session = new Dictionary<string, object?>(request) { ["SessionOnly"] = true };
            var lookup = new Dictionary<string, object?>
            {
                ["SessionName"] = request["SessionName"] ?? request["ProfileName"],
                ["ProfileLocation"] = request["ProfileLocation"],
            };
            try
            {
                var written = Call(Operation.SsoConfigure, session);
                lookup["SessionName"] = ResponseRows.Text(written, "SessionName");
                var started = Call(Operation.SsoLoginStart, lookup);
                if (!ResponseRows.Flag(started, "Done"))
                {
                    Tell("Sign in to list your accounts and roles: " + ResponseRows.Text(started, "AuthorizeUrl"));
                    OpenBrowser(ResponseRows.Text(started, "AuthorizeUrl") ?? string.Empty);
                    if (Wait(Operation.SsoLoginPoll, Operation.SsoLoginCancel, started, "Signing in to IAM Identity Center") is null)
                    {
                        return new List<Dictionary<string, object?>>();
                    }
                }
                return ResponseRows.Of(Call(Operation.SsoAccounts, lookup), "Accounts").ToList();
            }
            catch (AwsCredentialException e)
            {
                WriteVerbose("No account list from IAM Identity Center (" + e.Code + ": " + e.Message + "); asking for the account and role instead.");
                return new List<Dictionary<string, object?>>();
            }
        }

        /// <summary>One line from the host; null for an empty answer.</summary>
        private string? Ask(string prompt)
        {
            Host.UI.Write(prompt + ": ");
            var answer = (Host.UI.ReadLine() ?? string.Empty).Trim();
            return answer.Length == 0 ? null : answer;
        }

        /// <summary>A numbered choice (1..N) among <paramref name="items"/>; a single item is taken without asking.</summary>
        private string Choose(string what, List<(string Value, string Detail)> items)
        {
            if (items.Count == 1)
            {
                Host.UI.WriteLine("The only " + what + " available to you is " + items[0].Value + ".");
                return items[0].Value;
            }
            var choices = new Collection<ChoiceDescription>();
            var lines = new List<string>();
            for (var i = 0; i < items.Count; i++)
            {
                var label = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var detail = items[i].Detail.Trim();
                // 1..9 are also the hotkeys; from 10 on, the number is typed in full.
                choices.Add(new ChoiceDescription(i < 9 ? "&" + label : label, items[i].Value + (detail.Length == 0 ? string.Empty : " " + detail)));
                lines.Add(label + ": " + items[i].Value + (detail.Length == 0 ? string.Empty : " (" + detail + ")"));
            }
            var chosen = Host.UI.PromptForChoice("Choose the " + what, string.Join("\n", lines), choices, 0);
            return items[chosen < 0 ? 0 : chosen].Value;
        }
    }
}
