using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// What the browser sign-in cmdlets (Invoke-AWSLogin, Invoke-AWSSSOLogin) share: showing the
    /// page to visit, opening the browser, and the wait of a started sign-in: poll with
    /// Write-Progress until it is done; Ctrl+C (StopProcessing) makes the loop cancel the sign-in
    /// natively after the poll in flight (each poll waits at most about a second).
    /// </summary>
    public abstract class SignInCmdlet : AwsCredCmdlet
    {
        private const int ProgressId = 1;
        private volatile bool stopping;

        /// <summary>Ctrl+C: the wait cancels the sign-in after the poll in flight.</summary>
        protected override void StopProcessing()
        {
            stopping = true;
        }

        /// <summary>A line for the user on the host (Write-Host: the information stream, tag PSHOST), never the output.</summary>
        protected void Tell(string text)
        {
            WriteInformation(new HostInformationMessage { Message = text }, new[] { "PSHOST" });
        }

        /// <summary>Opens <paramref name="url"/> in the browser; a failure is a warning (the URL was shown already).</summary>
        protected void OpenBrowser(string url)
        {
            if (Browser.Open(url) is string failure)
            {
                WriteWarning("The browser could not be opened (" + failure + "). Open the page shown above yourself.");
            }
            else
            {
                WriteVerbose("Opened the sign-in page in the browser.");
            }
        }

        /// <summary>
        /// Polls a started sign-in until it is done. <paramref name="confirm"/> is asked when the
        /// answer's Status is ConfirmIdentityChange: true polls again with Confirm, false cancels
        /// the sign-in and returns the cancel's answer (Status Cancelled). Returns the last answer,
        /// or null when stopped (the sign-in was cancelled natively). A native failure of a poll
        /// ends the sign-in there (the library drops it) and is thrown.
        /// </summary>
        private protected Dictionary<string, object?>? Wait(
            Operation poll,
            Operation cancel,
            Dictionary<string, object?> response,
            string activity,
            Func<Dictionary<string, object?>, bool>? confirm = null)
        {
            try
            {
                while (!stopping)
                {
                    if (ResponseRows.Flag(response, "Done"))
                    {
                        WriteProgress(new ProgressRecord(ProgressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
                        return response;
                    }
                    var request = new Dictionary<string, object?> { ["Handle"] = ResponseRows.Number(response, "Handle") ?? 0 };
                    if (ResponseRows.Text(response, "Status") == "ConfirmIdentityChange" && confirm is not null)
                    {
                        // The question is asked without the progress bar over it.
                        WriteProgress(new ProgressRecord(ProgressId, activity, "Waiting for a confirmation") { RecordType = ProgressRecordType.Completed });
                        if (!confirm(response))
                        {
                            return CancelIfRunning(cancel, response);
                        }
                        request["Confirm"] = true;
                    }
                    else
                    {
                        WriteProgress(Progress(activity, response));
                    }
                    if (stopping)
                    {
                        break;
                    }
                    response = Call(poll, request);
                }
            }
            catch (PipelineStoppedException)
            {
                // Stopped while writing progress: the sign-in still waits natively; cancel it.
                stopping = true;
                try
                {
                    CancelIfRunning(cancel, response);
                }
                catch (AwsCredentialException)
                {
                    // Nothing can be reported once the pipeline stops.
                }
                throw;
            }
            CancelIfRunning(cancel, response);
            return null;
        }

        /// <summary>Cancels a sign-in that is not done; returns the last answer.</summary>
        private protected static Dictionary<string, object?> CancelIfRunning(Operation cancel, Dictionary<string, object?> response)
        {
            if (ResponseRows.Flag(response, "Done") || ResponseRows.Number(response, "Handle") is not long handle || handle == 0)
            {
                return response;
            }
            return Call(cancel, new Dictionary<string, object?> { ["Handle"] = handle });
        }

        private static ProgressRecord Progress(string activity, Dictionary<string, object?> response)
        {
            var status = ResponseRows.Text(response, "Status") switch
            {
                "WaitingForBrowser" => "Waiting for the sign-in in the browser",
                "WaitingForDevice" => "Waiting for the code " + ResponseRows.Text(response, "UserCode") + " to be confirmed in the browser",
                "WaitingForCode" => "Waiting for the code from the sign-in page",
                string other => other,
                null => "Waiting",
            };
            var record = new ProgressRecord(ProgressId, activity, status);
            if (ResponseRows.Utc(response, "Deadline") is DateTime deadline)
            {
                var left = (int)Math.Max(0, Math.Round((deadline - DateTime.UtcNow).TotalSeconds));
                record.SecondsRemaining = left;
                record.CurrentOperation = "Gives up at " + deadline.ToLocalTime().ToString("T", CultureInfo.CurrentCulture) + " (-ExecutionTimeout); Ctrl+C cancels.";
            }
            return record;
        }

        /// <summary>The milliseconds of -ExecutionTimeout for the native TimeoutMs, or null (the library's default).</summary>
        private protected static long? TimeoutMs(int? executionTimeout) => executionTimeout is int ms ? ms : null;

        /// <summary>A UTC timestamp field of an answer.</summary>
        private protected static DateTime? Utc(Dictionary<string, object?> response, string field) => ResponseRows.Utc(response, field);
    }
}
