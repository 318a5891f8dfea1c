using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Text;
using AwsCredentialManager.Json;

namespace AwsCredentialManager.Native
{
    /// <summary>
    /// Runs one native operation: a request dictionary in, the parsed response out, a failure as
    /// <see cref="AwsCredentialException"/>. Every request carries the Environment (docs/api.md):
    /// the variables the library reads, named by the library itself (describe), as this process
    /// sees them, so $env: changes made in pwsh reach it on every OS.
    /// </summary>
    internal static class NativeClient
    {
        private static readonly object Gate = new object();
        private static string[]? environmentPrefixes;
        private static HashSet<string>? environmentNames;

        /// <summary>Calls <paramref name="operation"/>; <paramref name="environment"/> entries win over the process's (null unsets).</summary>
        internal static Dictionary<string, object?> Call(Operation operation, IDictionary<string, object?> request, IDictionary<string, string?>? environment = null)
        {
            var bytes = RequestBytes(request, environment);
            try
            {
                return CallRaw(operation, bytes);
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        /// <summary>
        /// Calls <paramref name="operation"/> like <see cref="Call"/>, but on success hands the raw
        /// UTF-8 bytes of the response to <paramref name="read"/> instead of parsing them into
        /// strings: for a response that holds a secret the caller must not turn into a
        /// System.String (get_secret_credential's Password, read with <see cref="JsonBytes"/>).
        /// The bytes are a pinned copy (the garbage collector cannot leave copies of it behind)
        /// that is zeroed as soon as <paramref name="read"/> returns or throws, before the native
        /// response is zeroed and freed; <paramref name="read"/> must not keep the array. A
        /// failure is parsed and thrown as usual (error responses hold no secret); a
        /// FormatException from <paramref name="read"/> becomes an Internal error.
        /// </summary>
        internal static T CallReadingBytes<T>(Operation operation, IDictionary<string, object?> request, IDictionary<string, string?>? environment, Func<byte[], T> read)
        {
            var bytes = RequestBytes(request, environment);
            try
            {
                var result = default(T);
                var done = false;
                string? errorText = null;
                int status;
                try
                {
                    status = Invoke(operation, bytes, (code, response) =>
                    {
                        if (code == 0)
                        {
                            result = read(response);
                            done = true;
                        }
                        else
                        {
                            errorText = Encoding.UTF8.GetString(response);
                        }
                    });
                }
                catch (FormatException e)
                {
                    throw new AwsCredentialException("Internal", ErrorCategory.NotSpecified, "awscred_" + Name(operation) + " returned a response that is not the expected JSON: " + e.Message);
                }
                if (status == 0)
                {
                    return done ? result! : throw new AwsCredentialException("Internal", ErrorCategory.NotSpecified, "awscred_" + Name(operation) + " succeeded but returned no JSON object.");
                }
                throw ToException(operation, status, Parse(operation, errorText));
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        /// <summary>The UTF-8 JSON of a request with its Environment object.</summary>
        private static byte[] RequestBytes(IDictionary<string, object?> request, IDictionary<string, string?>? environment)
        {
            var body = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var pair in request)
            {
                if (pair.Value is not null)
                {
                    body[pair.Key] = pair.Value;
                }
            }
            var view = EnvironmentView();
            if (environment is not null)
            {
                foreach (var pair in environment)
                {
                    if (pair.Value is null)
                    {
                        view.Remove(pair.Key);
                    }
                    else
                    {
                        view[pair.Key] = pair.Value;
                    }
                }
            }
            var envObject = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var pair in view)
            {
                envObject[pair.Key] = pair.Value;
            }
            body["Environment"] = envObject;
            return Encoding.UTF8.GetBytes(JsonText.Write(body));
        }

        /// <summary>Calls with a ready JSON request (bytes cleared by the caller).</summary>
        private static Dictionary<string, object?> CallRaw(Operation operation, byte[] request)
        {
            string? text = null;
            var status = Invoke(operation, request, (_, bytes) => text = Encoding.UTF8.GetString(bytes));
            var response = Parse(operation, text);
            if (status == 0)
            {
                return response ?? throw new AwsCredentialException("Internal", ErrorCategory.NotSpecified, "awscred_" + Name(operation) + " succeeded but returned no JSON object.");
            }
            throw ToException(operation, status, response);
        }

        /// <summary>The response text as a JSON object (null when empty or not an object).</summary>
        private static Dictionary<string, object?>? Parse(Operation operation, string? text)
        {
            try
            {
                return (string.IsNullOrEmpty(text) ? null : JsonText.Read(text!)) as Dictionary<string, object?>;
            }
            catch (FormatException e)
            {
                throw new AwsCredentialException("Internal", ErrorCategory.NotSpecified, "awscred_" + Name(operation) + " returned a response that is not JSON: " + e.Message);
            }
        }

        private static AwsCredentialException ToException(Operation operation, int status, Dictionary<string, object?>? response)
        {
            var detail = response is not null && response.TryGetValue("error", out var e) ? e as Dictionary<string, object?> : null;
            if (detail is null)
            {
                return new AwsCredentialException("Internal", ErrorCategory.NotSpecified, "awscred_" + Name(operation) + " failed with status " + status + " and no error description.");
            }
            var code = Str(detail, "code") ?? "Internal";
            var message = Str(detail, "message") ?? ("awscred_" + Name(operation) + " failed with status " + status + ".");
            var category = ErrorCategory.NotSpecified;
            var categoryName = Str(detail, "category");
            if (categoryName is not null && Enum.IsDefined(typeof(ErrorCategory), categoryName))
            {
                category = (ErrorCategory)Enum.Parse(typeof(ErrorCategory), categoryName);
            }
            var error = new AwsCredentialException(code, category, message)
            {
                File = Str(detail, "file"),
                MfaSerial = Str(detail, "mfa_serial"),
                ProfileName = Str(detail, "profile"),
                LoginCommand = Str(detail, "command"),
                AwsCode = Str(detail, "aws_code"),
            };
            // Also in Exception.Data, where scripts written against the script module read them.
            foreach (var pair in new[] { ("MfaSerial", error.MfaSerial), ("Profile", error.ProfileName), ("Command", error.LoginCommand), ("AwsCode", error.AwsCode) })
            {
                if (pair.Item2 is not null)
                {
                    error.Data[pair.Item1] = pair.Item2;
                }
            }
            if (detail.TryGetValue("line", out var line) && line is long l)
            {
                error.Line = (int)l;
            }
            return error;
        }

        private static string? Str(Dictionary<string, object?> map, string key) =>
            map.TryGetValue(key, out var v) ? v as string : null;

        /// <summary>The variables the library reads, as this process sees them now.</summary>
        private static Dictionary<string, string> EnvironmentView()
        {
            EnsureDescribed();
            var onWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var comparison = onWindows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var view = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                var name = (string)entry.Key;
                var value = entry.Value as string;
                if (value is null || value.IndexOf('\0') >= 0)
                {
                    continue;
                }
                var covered = false;
                foreach (var prefix in environmentPrefixes!)
                {
                    if (name.StartsWith(prefix, comparison))
                    {
                        covered = true;
                        break;
                    }
                }
                if (!covered)
                {
                    foreach (var wanted in environmentNames!)
                    {
                        if (string.Equals(name, wanted, comparison))
                        {
                            covered = true;
                            break;
                        }
                    }
                }
                if (covered)
                {
                    view[onWindows ? name.ToUpperInvariant() : name] = value;
                }
            }
            return view;
        }

        /// <summary>Reads the library's own description once: which variables it reads.</summary>
        private static void EnsureDescribed()
        {
            if (environmentNames is not null)
            {
                return;
            }
            lock (Gate)
            {
                if (environmentNames is not null)
                {
                    return;
                }
                var request = Encoding.UTF8.GetBytes("{}");
                var description = CallRaw(Operation.Describe, request);
                var env = description.TryGetValue("Environment", out var e) ? e as Dictionary<string, object?> : null;
                var prefixes = new List<string>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                if (env is not null && env.TryGetValue("Prefixes", out var p) && p is List<object?> pl)
                {
                    foreach (var item in pl)
                    {
                        if (item is string s)
                        {
                            prefixes.Add(s);
                        }
                    }
                }
                if (env is not null && env.TryGetValue("Names", out var n) && n is List<object?> nl)
                {
                    foreach (var item in nl)
                    {
                        if (item is string s)
                        {
                            names.Add(s);
                        }
                    }
                }
                environmentPrefixes = prefixes.ToArray();
                environmentNames = names;
            }
        }

        /// <summary>The operation's name as exported (awscred_&lt;name&gt;).</summary>
        internal static string Name(Operation operation)
        {
            var text = operation.ToString();
            var sb = new StringBuilder();
            for (var i = 0; i < text.Length; i++)
            {
                if (i > 0 && char.IsUpper(text[i]))
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(text[i]));
            }
            return sb.ToString();
        }

        /// <summary>
        /// Runs the native function; hands its status and a pinned copy of the response bytes to
        /// <paramref name="consume"/> (not called for an empty response), then zeroes the copy and
        /// frees the native response (which the library zeroes too).
        /// </summary>
        private static int Invoke(Operation operation, byte[] request, Action<int, byte[]> consume)
        {
            var length = new UIntPtr((uint)request.Length);
            IntPtr response = IntPtr.Zero;
            UIntPtr responseLength = UIntPtr.Zero;
            try
            {
                int status = operation switch
                {
                    Operation.SetProfile => NativeMethods.awscred_set_profile(request, length, out response, out responseLength),
                    Operation.CopyProfile => NativeMethods.awscred_copy_profile(request, length, out response, out responseLength),
                    Operation.ListProfiles => NativeMethods.awscred_list_profiles(request, length, out response, out responseLength),
                    Operation.ShowProfile => NativeMethods.awscred_show_profile(request, length, out response, out responseLength),
                    Operation.GetCredentials => NativeMethods.awscred_get_credentials(request, length, out response, out responseLength),
                    Operation.RemoveProfile => NativeMethods.awscred_remove_profile(request, length, out response, out responseLength),
                    Operation.DumpConfig => NativeMethods.awscred_dump_config(request, length, out response, out responseLength),
                    Operation.Explain => NativeMethods.awscred_explain(request, length, out response, out responseLength),
                    Operation.Whoami => NativeMethods.awscred_whoami(request, length, out response, out responseLength),
                    Operation.ExportCredentials => NativeMethods.awscred_export_credentials(request, length, out response, out responseLength),
                    Operation.ResolveRegion => NativeMethods.awscred_resolve_region(request, length, out response, out responseLength),
                    Operation.Describe => NativeMethods.awscred_describe(request, length, out response, out responseLength),
                    Operation.Validate => NativeMethods.awscred_validate(request, length, out response, out responseLength),
                    Operation.InitializeDefaults => NativeMethods.awscred_initialize_defaults(request, length, out response, out responseLength),
                    Operation.SyncCredentials => NativeMethods.awscred_sync_credentials(request, length, out response, out responseLength),
                    Operation.AccessKeyStatus => NativeMethods.awscred_access_key_status(request, length, out response, out responseLength),
                    Operation.GetSecretCredential => NativeMethods.awscred_get_secret_credential(request, length, out response, out responseLength),
                    Operation.RotateStart => NativeMethods.awscred_rotate_start(request, length, out response, out responseLength),
                    Operation.RotatePoll => NativeMethods.awscred_rotate_poll(request, length, out response, out responseLength),
                    Operation.RotateCancel => NativeMethods.awscred_rotate_cancel(request, length, out response, out responseLength),
                    Operation.LoginStart => NativeMethods.awscred_login_start(request, length, out response, out responseLength),
                    Operation.LoginPoll => NativeMethods.awscred_login_poll(request, length, out response, out responseLength),
                    Operation.LoginCancel => NativeMethods.awscred_login_cancel(request, length, out response, out responseLength),
                    Operation.Logout => NativeMethods.awscred_logout(request, length, out response, out responseLength),
                    Operation.SsoConfigure => NativeMethods.awscred_sso_configure(request, length, out response, out responseLength),
                    Operation.SsoLoginStart => NativeMethods.awscred_sso_login_start(request, length, out response, out responseLength),
                    Operation.SsoLoginPoll => NativeMethods.awscred_sso_login_poll(request, length, out response, out responseLength),
                    Operation.SsoLoginCancel => NativeMethods.awscred_sso_login_cancel(request, length, out response, out responseLength),
                    Operation.SsoLogout => NativeMethods.awscred_sso_logout(request, length, out response, out responseLength),
                    Operation.SsoAccounts => NativeMethods.awscred_sso_accounts(request, length, out response, out responseLength),
                    Operation.MoveProfile => NativeMethods.awscred_move_profile(request, length, out response, out responseLength),
                    Operation.RefreshCli => NativeMethods.awscred_refresh_cli(request, length, out response, out responseLength),
                    _ => throw new ArgumentOutOfRangeException(nameof(operation)),
                };
                var size = responseLength.ToUInt64();
                if (response != IntPtr.Zero && size > 0)
                {
                    if (size > int.MaxValue)
                    {
                        throw new AwsCredentialException("Internal", ErrorCategory.NotSpecified, "awscred_" + Name(operation) + " returned a response of " + size + " bytes, more than this module reads.");
                    }
                    var buffer = new byte[(int)size];
                    var pin = GCHandle.Alloc(buffer, GCHandleType.Pinned);
                    try
                    {
                        Marshal.Copy(response, buffer, 0, buffer.Length);
                        consume(status, buffer);
                    }
                    finally
                    {
                        Array.Clear(buffer, 0, buffer.Length);
                        pin.Free();
                    }
                }
                return status;
            }
            finally
            {
                if (response != IntPtr.Zero)
                {
                    // Non-zero only for a pointer or length this layer got wrong; nothing to recover.
                    _ = NativeMethods.awscred_free(response, responseLength);
                }
            }
        }
    }
}
