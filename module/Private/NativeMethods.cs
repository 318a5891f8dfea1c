// P/Invoke declarations of the awscred native library (native/include/awscred.h).
//
// This file is not compiled by a build: AwsCredentialManager.psm1 (Initialize-AwsCredNativeLibrary)
// reads it, replaces the LibraryPath placeholder with the absolute path of the library for this
// OS and architecture (module/runtimes/<rid>/), and compiles it once per process with Add-Type,
// guarded by `if (-not ('AwsCredentialManager.Native.NativeMethods' -as [type]))`.
//
// Why an absolute path in a const, and not a fixed name plus NativeLibrary.SetDllImportResolver:
// - Windows PowerShell 5.1 runs on .NET Framework, which has no NativeLibrary class and no
//   resolver hook; its DllImport passes a rooted path straight to LoadLibraryEx.
// - pwsh 7 (.NET 6+) loads a rooted DllImport path as is, on Windows, Linux and macOS alike,
//   without probing. An Add-Type assembly lives in memory and has no Location, so the runtime's
//   own "<assembly dir>/<rid>/" probing cannot find the library either.
// So one mechanism works on both. The cost: a type cannot be unloaded, so the path is fixed for
// the life of the process; the module warns if it is later imported from another folder.
//
// Memory rule: every response is allocated by the library, received as IntPtr (never as
// string, which the marshaller would free with CoTaskMemFree), copied out by the caller and
// released with awscred_free in a finally block. Requests are UTF-8 byte arrays plus a length,
// which marshal the same way on .NET Framework and .NET.
//
// Keep one declaration per line, with its DllImport attribute on the line above: the static
// checker pairs each declaration with the header, in both directions. DllImport binds each
// function on its first call, so declaring a function that an older library lacks is harmless
// until something calls it.

using System;
using System.Runtime.InteropServices;

namespace AwsCredentialManager.Native
{
    public static class NativeMethods
    {
        // Replaced with the absolute path of the library before Add-Type.
        public const string LibraryPath = "@@AWSCRED_LIBRARY_PATH@@";

        // The ABI version this module is written against (AWSCRED_ABI_VERSION in the header).
        public const uint ExpectedAbiVersion = 1;

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern uint awscred_abi_version();

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern int awscred_set_profile(byte[] request, UIntPtr request_len, out IntPtr response, out UIntPtr response_len);

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern int awscred_copy_profile(byte[] request, UIntPtr request_len, out IntPtr response, out UIntPtr response_len);

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern int awscred_list_profiles(byte[] request, UIntPtr request_len, out IntPtr response, out UIntPtr response_len);

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern int awscred_show_profile(byte[] request, UIntPtr request_len, out IntPtr response, out UIntPtr response_len);

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern int awscred_get_credentials(byte[] request, UIntPtr request_len, out IntPtr response, out UIntPtr response_len);

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern int awscred_remove_profile(byte[] request, UIntPtr request_len, out IntPtr response, out UIntPtr response_len);

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern int awscred_dump_config(byte[] request, UIntPtr request_len, out IntPtr response, out UIntPtr response_len);

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern int awscred_explain(byte[] request, UIntPtr request_len, out IntPtr response, out UIntPtr response_len);

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern int awscred_whoami(byte[] request, UIntPtr request_len, out IntPtr response, out UIntPtr response_len);

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern int awscred_export_credentials(byte[] request, UIntPtr request_len, out IntPtr response, out UIntPtr response_len);

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern int awscred_resolve_region(byte[] request, UIntPtr request_len, out IntPtr response, out UIntPtr response_len);

        [DllImport(LibraryPath, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern void awscred_free(IntPtr response, UIntPtr response_len);
    }
}
