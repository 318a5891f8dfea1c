using System;
using System.Reflection;
using System.Threading;

namespace AwsCredentialManager.Interop
{
    /// <summary>
    /// Notes, from Import-Module on, when the AWS SDK for .NET (AWSSDK.Core) and the AWS Tools for
    /// PowerShell's shared assembly (AWS.Tools.Common, AWSPowerShell.NetCore or AWSPowerShell) are
    /// loaded into the process: a scan of what is already loaded plus an AppDomain.AssemblyLoad
    /// handler that only records (it never creates types or runs PowerShell while an assembly is
    /// being loaded). Readers get the assemblies without scanning the AppDomain each time.
    /// </summary>
    internal static class AssemblyWatch
    {
        /// <summary>Assembly names of the AWS Tools' module that defines AWSPSCredentials, in the order checked.</summary>
        internal static readonly string[] ToolsAssemblyNames = { "AWS.Tools.Common", "AWSPowerShell.NetCore", "AWSPowerShell" };

        private const string SdkCoreName = "AWSSDK.Core";
        private static int started;
        private static Assembly? sdkCore;
        private static Assembly? tools;
        private static string? toolsAtImport;

        /// <summary>The first AWSSDK.Core loaded into the process, or null.</summary>
        internal static Assembly? SdkCore
        {
            get
            {
                Start();
                return Volatile.Read(ref sdkCore);
            }
        }

        /// <summary>The AWS Tools' assembly that defines AWSPSCredentials, once loaded, or null.</summary>
        internal static Assembly? Tools
        {
            get
            {
                Start();
                return Volatile.Read(ref tools);
            }
        }

        /// <summary>The name of the AWS Tools' assembly that was already loaded when this module was imported, or null.</summary>
        internal static string? ToolsAtImport => Volatile.Read(ref toolsAtImport);

        /// <summary>Starts watching (once per process) and records what is loaded now.</summary>
        internal static void Start()
        {
            if (Interlocked.Exchange(ref started, 1) != 0)
            {
                return;
            }
            // Subscribe first, then scan: an assembly loaded in between is seen at least once.
            AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Note(e.LoadedAssembly);
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                Note(assembly);
            }
            var atImport = Volatile.Read(ref tools);
            Volatile.Write(ref toolsAtImport, atImport?.GetName().Name);
        }

        private static void Note(Assembly? assembly)
        {
            try
            {
                if (assembly is null || assembly.IsDynamic)
                {
                    return;
                }
                var name = assembly.GetName().Name;
                if (string.Equals(name, SdkCoreName, StringComparison.OrdinalIgnoreCase))
                {
                    Interlocked.CompareExchange(ref sdkCore, assembly, null);
                }
                else if (Array.Exists(ToolsAssemblyNames, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
                {
                    Interlocked.CompareExchange(ref tools, assembly, null);
                }
            }
            catch (Exception)
            {
                // An event handler of the loader must never throw; an unreadable name is not ours.
            }
        }
    }
}
