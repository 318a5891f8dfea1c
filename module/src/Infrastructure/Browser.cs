using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace AwsCredentialManager.Infrastructure
{
    /// <summary>
    /// Opens a sign-in page in the user's browser, the way the AWS CLI and the awscred CLI do:
    /// $BROWSER when set (alternatives separated by ':' (';' on Windows), each tried in turn;
    /// %s is replaced by the URL, %c by ':' and %% by '%', the command is split on white space and
    /// the URL is appended when there was no %s), else the system's opener (the shell on Windows,
    /// `open` on macOS, `xdg-open` elsewhere). The program is started directly (never through a
    /// shell) with its arguments passed one by one, its standard input closed, and it is not
    /// waited for. The URL holds no secret (a PKCE challenge and a state, no verifier or code).
    /// </summary>
    internal static class Browser
    {
        /// <summary>Starts a browser on <paramref name="url"/>; null when one started, else why not.</summary>
        internal static string? Open(string url)
        {
            var configured = Environment.GetEnvironmentVariable("BROWSER");
            if (!string.IsNullOrWhiteSpace(configured))
            {
                var failures = new List<string>();
                foreach (var alternative in configured!.Split(Path.PathSeparator))
                {
                    var command = Command(alternative, url);
                    if (command.Count == 0)
                    {
                        continue;
                    }
                    var failure = Start(command[0], command.GetRange(1, command.Count - 1), false);
                    if (failure is null)
                    {
                        return null;
                    }
                    failures.Add(command[0] + ": " + failure);
                }
                return "$BROWSER (" + configured + ") could not be started" + (failures.Count == 0 ? string.Empty : " (" + string.Join("; ", failures) + ")");
            }
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return Start(url, new List<string>(), true);
            }
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                return Start("open", new List<string> { url }, false);
            }
            return Start("xdg-open", new List<string> { url }, false);
        }

        /// <summary>One $BROWSER alternative as a program and its arguments.</summary>
        internal static List<string> Command(string alternative, string url)
        {
            var words = new List<string>();
            var substituted = false;
            foreach (var word in alternative.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var text = new StringBuilder();
                for (var i = 0; i < word.Length; i++)
                {
                    if (word[i] == '%' && i + 1 < word.Length)
                    {
                        var next = word[i + 1];
                        if (next == 's')
                        {
                            text.Append(url);
                            substituted = true;
                            i++;
                            continue;
                        }
                        if (next == 'c')
                        {
                            text.Append(':');
                            i++;
                            continue;
                        }
                        if (next == '%')
                        {
                            text.Append('%');
                            i++;
                            continue;
                        }
                    }
                    text.Append(word[i]);
                }
                words.Add(text.ToString());
            }
            if (words.Count > 0 && !substituted)
            {
                words.Add(url);
            }
            return words;
        }

        /// <summary>Starts a program without a shell (or, with <paramref name="shell"/>, the Windows shell's opener of a URL); null on success.</summary>
        private static string? Start(string program, List<string> arguments, bool shell)
        {
            try
            {
                var info = new ProcessStartInfo(program) { UseShellExecute = shell };
                if (!shell)
                {
                    // Nothing the browser does may read the console the pasted code comes from.
                    info.RedirectStandardInput = true;
                    AddArguments(info, arguments);
                }
                using var process = Process.Start(info);
                if (process is not null && !shell)
                {
                    process.StandardInput.Close();
                }
                return null;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException || e is IOException || e is PlatformNotSupportedException || e is UnauthorizedAccessException)
            {
                return e.Message;
            }
        }

        /// <summary>
        /// ProcessStartInfo.ArgumentList where the runtime has it (.NET Core 2.1+, so every pwsh):
        /// each argument reaches the program as it is. On .NET Framework (Windows PowerShell 5.1),
        /// Arguments quoted by the rules the C runtime's command-line parser undoes.
        /// </summary>
        private static void AddArguments(ProcessStartInfo info, List<string> arguments)
        {
            if (typeof(ProcessStartInfo).GetProperty("ArgumentList")?.GetValue(info) is Collection<string> list)
            {
                foreach (var argument in arguments)
                {
                    list.Add(argument);
                }
                return;
            }
            var line = new StringBuilder();
            foreach (var argument in arguments)
            {
                if (line.Length > 0)
                {
                    line.Append(' ');
                }
                AppendQuoted(line, argument);
            }
            info.Arguments = line.ToString();
        }

        /// <summary>One argument for a Windows command line (CommandLineToArgvW rules).</summary>
        internal static void AppendQuoted(StringBuilder line, string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                line.Append(argument);
                return;
            }
            line.Append('"');
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }
                if (c == '"')
                {
                    line.Append('\\', backslashes * 2 + 1);
                }
                else
                {
                    line.Append('\\', backslashes);
                }
                backslashes = 0;
                line.Append(c);
            }
            line.Append('\\', backslashes * 2);
            line.Append('"');
        }
    }
}
