using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.InteropServices;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// What every cmdlet of the module shares: -ProfileLocation paths resolved against the current
    /// PowerShell location, native failures turned into ErrorRecords (error id = native code,
    /// category from the native table), the MFA prompt-then-retry loop where a prompt is allowed,
    /// and the credentials a call uses ($StoredAWSCredentials or a profile).
    /// </summary>
    public abstract class AwsCredCmdlet : PSCmdlet
    {
        /// <summary>Warns once per process when the AWS Tools' cmdlets of the same names are loaded.</summary>
        protected override void BeginProcessing()
        {
            Coexistence.WarnOnce(this);
        }

        /// <summary>
        /// ShouldProcess, except that -Force (without an explicit -Confirm) skips the confirmation
        /// prompt of a high-impact change; -WhatIf, given or inherited from the caller, still wins.
        /// </summary>
        protected bool ShouldProcessUnlessForced(bool force, string target, string action)
        {
            if (!force || MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                return ShouldProcess(target, action);
            }
            if (WhatIfRequested())
            {
                ShouldProcess(target, action);
                return false;
            }
            return true;
        }

        /// <summary>Whether -WhatIf is in effect: given, or inherited from the caller's $WhatIfPreference.</summary>
        protected bool WhatIfRequested() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var given)
                ? ((SwitchParameter)given).IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        /// <summary>
        /// Resolves a -ProfileLocation for a per-item operation; on a bad path writes the error
        /// (non-terminating) and returns false.
        /// </summary>
        protected bool TryResolveLocation(string? path, out string? location)
        {
            try
            {
                location = ResolveLocation(path);
                return true;
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, path));
                location = null;
                return false;
            }
        }

        /// <summary>A -ProfileLocation resolved to a full path, or null when not given.</summary>
        protected string? ResolveLocation(string? path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return null;
            }
            try
            {
                var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    throw new AwsCredentialException("InvalidInput", ErrorCategory.InvalidArgument,
                        "-ProfileLocation '" + path + "' is on the " + provider.Name + " provider; give a file system path.");
                }
                return resolved;
            }
            catch (System.Management.Automation.ProviderNotFoundException e)
            {
                throw new AwsCredentialException("InvalidInput", ErrorCategory.InvalidArgument, "-ProfileLocation '" + path + "': " + e.Message);
            }
            catch (DriveNotFoundException e)
            {
                throw new AwsCredentialException("InvalidInput", ErrorCategory.InvalidArgument, "-ProfileLocation '" + path + "': " + e.Message);
            }
        }

        /// <summary>The ErrorRecord of a native failure.</summary>
        protected static ErrorRecord Record(AwsCredentialException error, object? target)
        {
            var record = new ErrorRecord(error, error.Code, error.Category, target);
            if (error.LoginCommand is not null)
            {
                record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = "Run: " + error.LoginCommand };
            }
            else if (error.MfaSerial is not null)
            {
                record.ErrorDetails = new ErrorDetails(error.Message)
                {
                    RecommendedAction = "Run the command again with -TokenCode and the current 6-digit code of the MFA device " + error.MfaSerial + ".",
                };
            }
            return record;
        }

        /// <summary>An ErrorRecord raised by the module itself (not the native library).</summary>
        protected static ErrorRecord Record(string errorId, ErrorCategory category, string message, object? target)
        {
            return new ErrorRecord(new AwsCredentialException(errorId, category, message), errorId, category, target);
        }

        /// <summary>Runs a native operation.</summary>
        private protected static Dictionary<string, object?> Call(Operation operation, Dictionary<string, object?> request, IDictionary<string, string?>? environment = null)
        {
            return NativeClient.Call(operation, request, environment);
        }

        /// <summary>
        /// Runs a credential operation; when a role needs an MFA code that was not given, asks for
        /// it where a prompt is allowed and runs it again, else fails with MfaRequired at once.
        /// </summary>
        private protected Dictionary<string, object?> CallWithMfa(Operation operation, Dictionary<string, object?> request, string? tokenCode, IDictionary<string, string?>? environment = null)
        {
            return CallWithMfa(request, tokenCode, r => Call(operation, r, environment));
        }

        /// <summary>The MFA prompt-then-retry loop around any native call of <paramref name="request"/>.</summary>
        private protected T CallWithMfa<T>(Dictionary<string, object?> request, string? tokenCode, Func<Dictionary<string, object?>, T> call)
        {
            if (!string.IsNullOrEmpty(tokenCode))
            {
                request["TokenCode"] = tokenCode;
                return call(request);
            }
            try
            {
                return call(request);
            }
            catch (AwsCredentialException e) when (e.Code == "MfaRequired" && Interactivity.CanPrompt(this))
            {
                var code = PromptSecret("MFA code of " + e.MfaSerial + " (profile '" + e.ProfileName + "')");
                Call(Operation.Validate, new Dictionary<string, object?> { ["TokenCode"] = code });
                request["TokenCode"] = code;
                return call(request);
            }
        }

        /// <summary>Resolves a profile of any kind (prompting for an MFA code where allowed); region from $StoredAWSRegion.</summary>
        internal AWSCredentials ResolveProfile(string? profileName, string? location, string? tokenCode)
        {
            var request = new Dictionary<string, object?>
            {
                ["ProfileName"] = profileName,
                ["ProfileLocation"] = location,
                ["Region"] = ShellState.Region(this),
            };
            return AWSCredentials.FromResponse(CallWithMfa(Operation.GetCredentials, request, tokenCode), location);
        }

        /// <summary>Reads a line from the host without echo.</summary>
        protected string PromptSecret(string prompt)
        {
            Host.UI.Write(prompt + ": ");
            using var secure = Host.UI.ReadLineAsSecureString();
            var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                return (Marshal.PtrToStringUni(pointer) ?? string.Empty).Trim();
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        /// <summary>
        /// The credentials a call uses, in the AWS Tools' order: -ProfileName (with
        /// -ProfileLocation); -ProfileLocation alone (its default profile); $StoredAWSCredentials
        /// (asked for again by profile name when they came from one, else handed to the default
        /// chain through the request's environment); else the default chain. Region: -Region,
        /// else $StoredAWSRegion.
        /// </summary>
        private protected CallSource Source(string? profileName, string? location, string? region)
        {
            var source = new CallSource();
            if (!string.IsNullOrEmpty(profileName))
            {
                source.Request["ProfileName"] = profileName;
                source.Request["ProfileLocation"] = location;
                source.Description = location is null ? "profile '" + profileName + "'" : "profile '" + profileName + "' in '" + location + "'";
            }
            else if (location is not null)
            {
                source.Request["ProfileLocation"] = location;
                source.Description = "the default credentials of '" + location + "'";
            }
            else
            {
                switch (ShellState.Get(this, ShellState.CredentialsVariable))
                {
                    case null:
                        source.Description = "the default credential chain";
                        break;
                    case AWSCredentials stored when stored.ProfileName is not null:
                        source.Request["ProfileName"] = stored.ProfileName;
                        source.Request["ProfileLocation"] = stored.RequestedLocation;
                        source.Description = "the shell credentials ($StoredAWSCredentials: profile '" + stored.ProfileName + "')";
                        break;
                    case object other:
                        var keys = KeysOf(other) ?? throw new AwsCredentialException("InvalidInput", ErrorCategory.InvalidArgument,
                            "$StoredAWSCredentials holds an object of type " + other.GetType().FullName + ", which has no GetCredentials() method this module can use. Set it with Set-AWSCredential, or clear it with Clear-AWSCredential.");
                        source.Environment = new Dictionary<string, string?>
                        {
                            ["AWS_ACCESS_KEY_ID"] = keys.AccessKey,
                            ["AWS_SECRET_ACCESS_KEY"] = keys.SecretKey,
                            ["AWS_SESSION_TOKEN"] = keys.UseToken ? keys.Token : null,
                            ["AWS_SECURITY_TOKEN"] = null,
                            ["AWS_CREDENTIAL_EXPIRATION"] = null,
                            ["AWS_PROFILE"] = null,
                        };
                        source.Description = "the shell credentials ($StoredAWSCredentials: " + other + ")";
                        break;
                }
            }
            source.Request["Region"] = string.IsNullOrEmpty(region) ? ShellState.Region(this) : region;
            return source;
        }

        /// <summary>The keys of any credentials object: ours, or one with GetCredentials() (an AWS SDK AWSCredentials).</summary>
        internal static ImmutableCredentials? KeysOf(object credential)
        {
            if (credential is PSObject wrapped)
            {
                credential = wrapped.BaseObject;
            }
            credential = Interop.SdkBridge.Unwrap(credential) ?? credential;
            if (credential is AWSCredentials ours)
            {
                return ours.GetCredentials();
            }
            var method = credential.GetType().GetMethod("GetCredentials", Type.EmptyTypes);
            var keys = method?.Invoke(credential, null);
            if (keys is null)
            {
                return null;
            }
            string? Read(string name) => keys.GetType().GetProperty(name)?.GetValue(keys) as string;
            var accessKey = Read("AccessKey");
            var secretKey = Read("SecretKey");
            if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
            {
                return null;
            }
            return new ImmutableCredentials(accessKey!, secretKey!, Read("Token"));
        }
    }

    /// <summary>The request, environment and description of the credentials a call uses.</summary>
    public sealed class CallSource
    {
        internal Dictionary<string, object?> Request { get; } = new Dictionary<string, object?>();

        internal Dictionary<string, string?>? Environment { get; set; }

        internal string Description { get; set; } = string.Empty;
    }
}
