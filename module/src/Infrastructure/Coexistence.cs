using System.Management.Automation;
using AwsCredentialManager.Interop;

namespace AwsCredentialManager.Infrastructure
{
    /// <summary>
    /// Users load AWS.Tools modules in the same process. When AWS.Tools.Common, AWSPowerShell or
    /// AWSPowerShell.NetCore is loaded, say once which module's cmdlets of the same names are in
    /// effect (the one PowerShell resolves the name to).
    /// </summary>
    internal static class Coexistence
    {
        private static int warned;

        /// <summary>The cmdlets of this module that the AWS Tools define too (AWS.Tools.Common, AWSPowerShell, AWSPowerShell.NetCore).</summary>
        internal static readonly string[] SharedCmdlets =
        {
            "Set-AWSCredential", "Get-AWSCredential", "New-AWSCredential", "Clear-AWSCredential", "Remove-AWSCredentialProfile",
            "Initialize-AWSDefaultConfiguration", "Set-DefaultAWSRegion", "Get-DefaultAWSRegion", "Clear-DefaultAWSRegion",
            "Invoke-AWSLogin", "Invoke-AWSLogout", "Initialize-AWSSSOConfiguration", "Invoke-AWSSSOLogin", "Invoke-AWSSSOLogout",
        };

        internal static void WarnOnce(PSCmdlet cmdlet)
        {
            if (warned != 0)
            {
                return;
            }
            // Loaded at import (recorded by ModuleInitializer.OnImport) or since (AssemblyWatch's
            // load handler): no AppDomain scan per cmdlet call.
            var incumbent = AssemblyWatch.ToolsAtImport ?? AssemblyWatch.Tools?.GetName().Name;
            if (incumbent is null || System.Threading.Interlocked.Exchange(ref warned, 1) != 0)
            {
                return;
            }
            var command = cmdlet.SessionState.InvokeCommand.GetCommand("Set-AWSCredential", CommandTypes.Cmdlet | CommandTypes.Alias);
            var winner = command?.ModuleName ?? command?.Source ?? "unknown";
            cmdlet.WriteWarning(
                incumbent + " is loaded in this session. Cmdlets that both modules define (" + string.Join(", ", SharedCmdlets) + ") run from the module imported last: now " +
                winner + ". Call AwsCredentialManager\\Set-AWSCredential (and so on) to choose ours explicitly.");
        }
    }
}
