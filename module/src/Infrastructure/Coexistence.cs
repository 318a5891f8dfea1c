using System;
using System.Linq;
using System.Management.Automation;

namespace AwsCredentialManager.Infrastructure
{
    /// <summary>
    /// Users load AWS.Tools modules in the same process. When AWS.Tools.Common, AWSPowerShell or
    /// AWSPowerShell.NetCore is loaded, say once which module's cmdlets of the same names are in
    /// effect (the one PowerShell resolves the name to).
    /// </summary>
    internal static class Coexistence
    {
        private static readonly string[] Incumbents = { "AWS.Tools.Common", "AWSPowerShell.NetCore", "AWSPowerShell" };
        private static int warned;

        internal static void WarnOnce(PSCmdlet cmdlet)
        {
            if (warned != 0)
            {
                return;
            }
            var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).ToArray();
            var incumbent = Incumbents.FirstOrDefault(name => loaded.Contains(name, StringComparer.OrdinalIgnoreCase));
            if (incumbent is null || System.Threading.Interlocked.Exchange(ref warned, 1) != 0)
            {
                return;
            }
            var command = cmdlet.SessionState.InvokeCommand.GetCommand("Set-AWSCredential", CommandTypes.Cmdlet | CommandTypes.Alias);
            var winner = command?.ModuleName ?? command?.Source ?? "unknown";
            cmdlet.WriteWarning(
                incumbent + " is loaded in this session. Cmdlets that both modules define (Set-AWSCredential, Get-AWSCredential, ...) run from the module imported last: now " +
                winner + ". Call AwsCredentialManager\\Set-AWSCredential to choose ours explicitly.");
        }
    }
}
