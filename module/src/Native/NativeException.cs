using System;
using System.Management.Automation;

namespace AwsCredentialManager.Native
{
    /// <summary>
    /// A failure reported by the native library: its stable code (the error id), the
    /// ErrorCategory the library's one table gives it, and the extra fields of some errors.
    /// </summary>
    public sealed class AwsCredentialException : Exception
    {
        internal AwsCredentialException(string code, ErrorCategory category, string message)
            : base(message)
        {
            Code = code;
            Category = category;
        }

        /// <summary>The native error code (ProfileNotFound, MfaRequired, ...), used as error id.</summary>
        public string Code { get; }

        /// <summary>The PowerShell category of the code.</summary>
        public ErrorCategory Category { get; }

        /// <summary>The file the error is about, if any.</summary>
        public string? File { get; internal set; }

        /// <summary>The 1-based line the error is about, if any.</summary>
        public int? Line { get; internal set; }

        /// <summary>MfaRequired: the MFA device.</summary>
        public string? MfaSerial { get; internal set; }

        /// <summary>MfaRequired: the profile whose role needs the code.</summary>
        public string? ProfileName { get; internal set; }

        /// <summary>LoginRequired: the command that logs in.</summary>
        public string? LoginCommand { get; internal set; }

        /// <summary>AwsServiceError: the AWS error code (AccessDenied, ...).</summary>
        public string? AwsCode { get; internal set; }
    }
}
