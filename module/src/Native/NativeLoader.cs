using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AwsCredentialManager.Native
{
    /// <summary>
    /// Finds the native library in runtimes/&lt;rid&gt;/ beside this assembly and makes every
    /// DllImport of <see cref="NativeMethods"/> use it: NativeLibrary.SetDllImportResolver on .NET
    /// (through reflection: netstandard2.0 lacks the type), LoadLibraryEx of the absolute path on
    /// .NET Framework. Then checks the ABI version. Any failure is thrown, so Import-Module fails.
    /// </summary>
    internal static class NativeLoader
    {
        /// <summary>The ABI version this assembly was written for (AWSCRED_ABI_VERSION).</summary>
        internal const uint ExpectedAbiVersion = 4;

        private static readonly object Gate = new object();
        private static string? loadedPath;
        private static bool resolverRegistered;

        /// <summary>The absolute path of the library in use, once loaded.</summary>
        internal static string? LoadedPath => loadedPath;

        /// <summary>
        /// The awscred CLI shipped beside the native library (runtimes/&lt;rid&gt;/awscred, awscred.exe
        /// on Windows): what a keychain profile's credential_process line runs (the library copies
        /// it to a stable per-user folder first). Null before the library is loaded.
        /// </summary>
        internal static string? CliPath =>
            loadedPath is null ? null : Path.Combine(Path.GetDirectoryName(loadedPath) ?? string.Empty, CliFileName);

        /// <summary>The file name of the CLI on this OS.</summary>
        internal static string CliFileName =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "awscred.exe" : "awscred";

        /// <summary>The runtime identifier of this process: win-x64, linux-arm64, osx-arm64, ...</summary>
        internal static string RuntimeIdentifier
        {
            get
            {
                string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
                    : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux";
                return os + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            }
        }

        /// <summary>The file name of the library on this OS.</summary>
        internal static string LibraryFileName =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "awscred.dll"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "libawscred.dylib" : "libawscred.so";

        /// <summary>Loads the library once per process and checks its ABI version.</summary>
        internal static void EnsureLoaded(string moduleDirectory)
        {
            lock (Gate)
            {
                if (loadedPath is null)
                {
                    var path = Path.Combine(Path.Combine(Path.Combine(moduleDirectory, "runtimes"), RuntimeIdentifier), LibraryFileName);
                    if (!File.Exists(path))
                    {
                        throw new FileNotFoundException(
                            "AwsCredentialManager: the native library for " + RuntimeIdentifier + " was not found at '" + path +
                            "'. This copy of the module holds libraries for: " + AvailableRuntimes(moduleDirectory) +
                            ". Install the module package for this platform.", path);
                    }
                    Load(path);
                    loadedPath = path;
                }
                uint version;
                try
                {
                    version = NativeMethods.awscred_abi_version();
                }
                catch (Exception e) when (e is EntryPointNotFoundException || e is DllNotFoundException || e is BadImageFormatException)
                {
                    throw new InvalidOperationException("AwsCredentialManager: '" + loadedPath + "' is not a usable awscred library: " + e.Message, e);
                }
                if (version != ExpectedAbiVersion)
                {
                    throw new InvalidOperationException(
                        "AwsCredentialManager: the native library '" + loadedPath + "' has ABI version " + version +
                        ", but this module needs version " + ExpectedAbiVersion + ". Reinstall the module so its files match.");
                }
            }
        }

        private static string AvailableRuntimes(string moduleDirectory)
        {
            var root = Path.Combine(moduleDirectory, "runtimes");
            if (!Directory.Exists(root))
            {
                return "none (no runtimes folder)";
            }
            var rids = Directory.GetDirectories(root).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            return rids.Length == 0 ? "none" : string.Join(", ", rids);
        }

        private static void Load(string path)
        {
            var nativeLibrary = Type.GetType("System.Runtime.InteropServices.NativeLibrary", throwOnError: false);
            if (nativeLibrary is null)
            {
                LoadOnFramework(path);
                return;
            }
            var load = nativeLibrary.GetMethod("Load", new[] { typeof(string) })!;
            IntPtr handle;
            try
            {
                handle = (IntPtr)load.Invoke(null, new object[] { path })!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new InvalidOperationException(
                    "AwsCredentialManager: cannot load the native library '" + path + "' (" + RuntimeIdentifier + "): " + e.InnerException.Message,
                    e.InnerException);
            }
            if (!resolverRegistered)
            {
                var resolverType = Type.GetType("System.Runtime.InteropServices.DllImportResolver", throwOnError: true)!;
                var register = nativeLibrary.GetMethod("SetDllImportResolver")!;
                var target = new Resolver(handle);
                var method = typeof(Resolver).GetMethod(nameof(Resolver.Resolve))!;
                var callback = Delegate.CreateDelegate(resolverType, target, method);
                register.Invoke(null, new object[] { typeof(NativeLoader).Assembly, callback });
                resolverRegistered = true;
            }
        }

        private static void LoadOnFramework(string path)
        {
            const uint LoadWithAlteredSearchPath = 0x00000008;
            var handle = LoadLibraryEx(path, IntPtr.Zero, LoadWithAlteredSearchPath);
            if (handle == IntPtr.Zero)
            {
                var code = Marshal.GetLastWin32Error();
                throw new InvalidOperationException(
                    "AwsCredentialManager: cannot load the native library '" + path + "' (Windows error " + code + ").");
            }
        }

        [DllImport("kernel32", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern IntPtr LoadLibraryEx(string fileName, IntPtr file, uint flags);

        /// <summary>The DllImportResolver target: our library name maps to the loaded handle.</summary>
        private sealed class Resolver
        {
            private readonly IntPtr handle;

            public Resolver(IntPtr handle)
            {
                this.handle = handle;
            }

            public IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
            {
                return libraryName == NativeMethods.LibraryName ? handle : IntPtr.Zero;
            }
        }
    }
}
