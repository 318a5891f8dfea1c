using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AwsCredentialManager.Interop.Tests
{
    /// <summary>
    /// A PowerShell 7.6 runspace in this process (Microsoft.PowerShell.SDK) with the BUILT module
    /// imported: AWSCRED_MODULE_PATH, default &lt;repo&gt;/out/AwsCredentialManager/AwsCredentialManager.psd1
    /// (what `pwsh ./build.ps1 -Task Build` produces). The module, the AWS SDK and the AWS.Tools
    /// stand-in share this process and its default AssemblyLoadContext, as in a pwsh session.
    /// </summary>
    internal sealed class ModuleHost : IDisposable
    {
        private readonly Runspace runspace;

        internal ModuleHost()
        {
            ModulePath = Environment.GetEnvironmentVariable("AWSCRED_MODULE_PATH") is string given && given.Length > 0
                ? Path.GetFullPath(given)
                : Path.Combine(RepoRoot, "out", "AwsCredentialManager", "AwsCredentialManager.psd1");
            if (!File.Exists(ModulePath))
            {
                throw new InvalidOperationException(
                    "The built module was not found at '" + ModulePath + "'. Run `pwsh ./build.ps1 -Task Build` first, or set AWSCRED_MODULE_PATH.");
            }
            runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            Run("Import-Module -Name $args[0] -ErrorAction Stop", ModulePath);
        }

        internal static string RepoRoot
        {
            get
            {
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "build.ps1")) && Directory.Exists(Path.Combine(dir.FullName, "module")))
                    {
                        return dir.FullName;
                    }
                }
                throw new InvalidOperationException("No repository root (build.ps1 + module/) above " + AppContext.BaseDirectory);
            }
        }

        internal string ModulePath { get; }

        /// <summary>Warnings of the last <see cref="Run"/>.</summary>
        internal IReadOnlyList<string> Warnings { get; private set; } = Array.Empty<string>();

        /// <summary>
        /// Runs a script in the runspace's global scope (arguments in $args); returns the base objects
        /// of its output. Any error record fails the test with its message.
        /// </summary>
        internal IReadOnlyList<object?> Run(string script, params object?[] arguments)
        {
            using var shell = PowerShell.Create();
            shell.Runspace = runspace;
            shell.AddScript(script, useLocalScope: false);
            foreach (var argument in arguments)
            {
                shell.AddArgument(argument);
            }
            var output = shell.Invoke();
            Warnings = shell.Streams.Warning.Select(w => w.Message).ToArray();
            if (shell.HadErrors || shell.Streams.Error.Count > 0)
            {
                var errors = string.Join(Environment.NewLine, shell.Streams.Error.Select(e => e.FullyQualifiedErrorId + ": " + e));
                throw new InvalidOperationException("The script failed:" + Environment.NewLine + script + Environment.NewLine + errors);
            }
            return output.Select(o => o?.BaseObject).ToArray();
        }

        /// <summary>$StoredAWSCredentials as the AWS Tools read it: SessionState.PSVariable.GetValue.</summary>
        internal object? StoredCredentials => runspace.SessionStateProxy.PSVariable.GetValue("StoredAWSCredentials");

        /// <summary>The type name of the PSVariable object behind $StoredAWSCredentials in the global scope.</summary>
        internal string? StoredVariableType => runspace.SessionStateProxy.PSVariable.Get("global:StoredAWSCredentials")?.GetType().Name;

        public void Dispose() => runspace.Dispose();

        /// <summary>Is an assembly of this simple name loaded in the process?</summary>
        internal static bool IsLoaded(string name) =>
            AppDomain.CurrentDomain.GetAssemblies().Any(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase));
    }
}
