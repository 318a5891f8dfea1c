using System;
using System.Management.Automation;

namespace AwsCredentialManager.Infrastructure
{
    /// <summary>
    /// Whether a cmdlet may ask the user. "Never prompts" must hold under cron, scheduled tasks,
    /// pwsh -NonInteractive, stdin closed or redirected, and whenever AWSCRED_NO_PROMPT is 1 (a
    /// Windows task with a hidden window cannot be detected otherwise).
    /// </summary>
    internal static class Interactivity
    {
        internal static bool CanPrompt(PSCmdlet cmdlet)
        {
            if (Environment.GetEnvironmentVariable("AWSCRED_NO_PROMPT") == "1")
            {
                return false;
            }
            if (!Environment.UserInteractive)
            {
                return false;
            }
            var host = cmdlet.Host;
            if (host is null || host.UI is null || host.UI.RawUI is null)
            {
                return false;
            }
            if (string.Equals(host.Name, "ServerRemoteHost", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            try
            {
                if (Console.IsInputRedirected)
                {
                    return false;
                }
            }
            catch (System.IO.IOException)
            {
                return false;
            }
            var arguments = Environment.GetCommandLineArgs();
            for (var i = 1; i < arguments.Length; i++)
            {
                var argument = arguments[i].ToLowerInvariant();
                if (argument.Length < 2 || (argument[0] != '-' && argument[0] != '/'))
                {
                    continue;
                }
                var flag = argument.Substring(1);
                if (flag is "f" or "file" or "c" or "command" or "e" or "ec" or "encodedcommand" or "cwa" or "commandwithargs")
                {
                    break;
                }
                if (flag.StartsWith("noni", StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
