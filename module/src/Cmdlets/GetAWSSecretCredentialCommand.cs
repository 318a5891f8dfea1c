using System;
using System.Management.Automation;
using System.Security;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Json;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Get-AWSSecretCredential: a PSCredential from a Secrets Manager secret shaped
    /// {"username": ..., "password": ...} (native get_secret_credential). The password goes from
    /// the response bytes straight into the SecureString (<see cref="JsonBytes"/>): it is never a
    /// System.String in this process. -Domain / -LocalComputer qualify the user name.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AWSSecretCredential", DefaultParameterSetName = UserSet)]
    [OutputType(typeof(PSCredential))]
    public sealed class GetAWSSecretCredentialCommand : AwsCredCmdlet
    {
        private const string UserSet = "UserName";
        private const string DomainSet = "Domain";
        private const string LocalSet = "LocalComputer";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string SecretId { get; set; } = string.Empty;

        [Parameter]
        public string UserNameKey { get; set; } = "username";

        [Parameter]
        public string PasswordKey { get; set; } = "password";

        [Parameter(ParameterSetName = DomainSet, Mandatory = true)]
        public string Domain { get; set; } = string.Empty;

        [Parameter(ParameterSetName = LocalSet, Mandatory = true)]
        public SwitchParameter LocalComputer { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        public string? Region { get; set; }

        [Parameter]
        public string? TokenCode { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var source = Source(ProfileName, ResolveLocation(ProfileLocation), Region);
                source.Request["SecretId"] = SecretId;
                source.Request["UserNameKey"] = UserNameKey;
                source.Request["PasswordKey"] = PasswordKey;
                WriteVerbose("Reading secret '" + SecretId + "' with " + source.Description + ".");
                var (userName, password) = CallWithMfa(source.Request, TokenCode,
                    request => NativeClient.CallReadingBytes(Operation.GetSecretCredential, request, source.Environment, Read));
                var qualified = ParameterSetName switch
                {
                    DomainSet => Domain + "\\" + userName,
                    LocalSet => ".\\" + userName,
                    _ => userName,
                };
                WriteObject(new PSCredential(qualified, password));
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, SecretId));
            }
        }

        /// <summary>The user name, and the password decoded from the response bytes into a read-only SecureString.</summary>
        private static (string UserName, SecureString Password) Read(byte[] response)
        {
            var userName = JsonBytes.ReadString(response, "UserName")
                ?? throw new AwsCredentialException("Internal", ErrorCategory.NotSpecified, "awscred_get_secret_credential returned no UserName.");
            var password = new SecureString();
            try
            {
                if (!JsonBytes.TryReadString(response, "Password", password.AppendChar))
                {
                    throw new AwsCredentialException("Internal", ErrorCategory.NotSpecified, "awscred_get_secret_credential returned no Password.");
                }
                password.MakeReadOnly();
                return (userName, password);
            }
            catch (ArgumentOutOfRangeException)
            {
                password.Dispose();
                throw new AwsCredentialException("SecretMalformed", ErrorCategory.InvalidData, "the password of the secret is longer than a SecureString holds (65,536 characters).");
            }
            catch (Exception)
            {
                password.Dispose();
                throw;
            }
        }
    }
}
