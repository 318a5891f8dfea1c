using System.IO;
using System.Management.Automation;
using AwsCredentialManager.Interop;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Infrastructure
{
    /// <summary>
    /// Runs at Import-Module: loads the native library of this OS and architecture from
    /// runtimes/&lt;rid&gt;/ and checks its ABI version. A failure here fails the import itself,
    /// with a message naming the path, instead of failing every cmdlet later.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        /// <inheritdoc />
        public void OnImport()
        {
            // Records whether the AWS Tools are loaded already (Coexistence warns at the first
            // cmdlet call) and watches for AWSSDK.Core / AWS.Tools loaded later (Interop/SdkBridge).
            AssemblyWatch.Start();
            var directory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
            NativeLoader.EnsureLoaded(directory);
            RefreshStableCli();
        }

        /// <summary>
        /// Keychain profiles run a per-user copy of awscred (their credential_process line must
        /// survive module updates); the library refreshes that copy from this module's awscred
        /// where it exists. Off the import's thread, so import time does not grow; a failure
        /// (a copy in use on Windows, a read-only folder) leaves the old copy, which still works.
        /// </summary>
        private static void RefreshStableCli()
        {
            var cli = NativeLoader.CliPath;
            if (cli is null || !File.Exists(cli))
            {
                return;
            }
            System.Threading.Tasks.Task.Run(() =>
            {
                try
                {
                    NativeClient.Call(Operation.RefreshCli, new System.Collections.Generic.Dictionary<string, object?> { ["CliPath"] = cli });
                }
                catch (AwsCredentialException)
                {
                    // Kept as it was: see above.
                }
            });
        }
    }
}
