using System;
using System.Collections.Generic;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Invoke-AWSCredentialRotation: native rotate_start, then rotate_poll until the rotation is
    /// done, with Write-Progress and a verbose line per note; Ctrl+C (StopProcessing) makes the
    /// loop call rotate_cancel after the poll in flight. -WhatIf runs the native dry run and
    /// reports its plan. Refreshes $StoredAWSCredentials when they came from the profile.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AWSCredentialRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CredentialRotationResult))]
    public sealed class InvokeAWSCredentialRotationCommand : AwsCredCmdlet
    {
        private const int ProgressId = 1;
        private volatile bool stopping;

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        public string? Region { get; set; }

        [Parameter]
        public string? TokenCode { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? SecretId { get; set; }

        [Parameter]
        public SwitchParameter DeactivateOnly { get; set; }

        [Parameter]
        public SwitchParameter DeleteInactiveKey { get; set; }

        [Parameter]
        public TimeSpan? GracePeriod { get; set; }

        [Parameter]
        public int? MaxKeyAgeDays { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var location = ResolveLocation(ProfileLocation);
                var request = new Dictionary<string, object?>
                {
                    ["ProfileName"] = string.IsNullOrEmpty(ProfileName) ? null : ProfileName,
                    ["ProfileLocation"] = location,
                    ["Region"] = string.IsNullOrEmpty(Region) ? ShellState.Region(this) : Region,
                    ["SecretId"] = string.IsNullOrEmpty(SecretId) ? null : SecretId,
                    ["DeactivateOnly"] = DeactivateOnly.IsPresent,
                    ["DeleteInactiveKey"] = DeleteInactiveKey.IsPresent,
                    ["MaxKeyAgeDays"] = MaxKeyAgeDays,
                };
                if (GracePeriod is TimeSpan grace)
                {
                    var seconds = (long)Math.Floor(grace.TotalSeconds);
                    if (seconds < 1)
                    {
                        WriteError(Record("InvalidInput", ErrorCategory.InvalidArgument, "-GracePeriod must be at least one second (it is sent in whole seconds); it was " + grace + ".", GracePeriod));
                        return;
                    }
                    request["GracePeriodSeconds"] = seconds;
                }
                if (WhatIfRequested())
                {
                    // The native dry run plans with read-only calls and changes nothing.
                    request["DryRun"] = true;
                    var plan = CallWithMfa(Operation.RotateStart, request, TokenCode);
                    plan = CancelIfRunning(plan);
                    var message = ResponseRows.Text(plan, "Message") ?? string.Empty;
                    WriteVerbose(message);
                    ShouldProcess(message, message, "Invoke-AWSCredentialRotation");
                    return;
                }
                var target = "the access key of profile '" + (string.IsNullOrEmpty(ProfileName) ? "(AWS_PROFILE, else default)" : ProfileName) + "' in " +
                    (location is null ? "the shared AWS credentials file" : "'" + location + "'");
                if (!ShouldProcess(target, "Rotate (create a new key, verify it, write it to the profile" + (string.IsNullOrEmpty(SecretId) ? string.Empty : ", publish it to secret '" + SecretId + "'") + ", then retire the old key)"))
                {
                    return;
                }
                var response = Run(CallWithMfa(Operation.RotateStart, request, TokenCode));
                if (response is null)
                {
                    return;
                }
                var result = new CredentialRotationResult(
                    ResponseRows.Text(response, "ProfileName") ?? string.Empty,
                    ResponseRows.Text(response, "UserName") ?? string.Empty,
                    ResponseRows.Text(response, "Status") ?? string.Empty,
                    ResponseRows.Text(response, "OldAccessKeyId") ?? string.Empty,
                    ResponseRows.Text(response, "NewAccessKeyId"),
                    ResponseRows.Text(response, "MaskedSecretAccessKey"),
                    ResponseRows.Text(response, "OldKeyState") ?? string.Empty,
                    ResponseRows.Text(response, "SecretId"),
                    ResponseRows.Flag(response, "Published"),
                    ResponseRows.Flag(response, "Resumed"),
                    ResponseRows.Text(response, "Message") ?? string.Empty);
                WriteVerbose(WriteSummary.Describe("Rotation of profile '" + result.ProfileName + "': " + result.Status, response));
                if (result.NewAccessKeyId is not null && ShellState.RefreshFromProfile(this, result.ProfileName, location) is string refreshed)
                {
                    WriteVerbose("$StoredAWSCredentials came from profile '" + result.ProfileName + "': it now holds key " + refreshed + ".");
                }
                WriteObject(result);
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, ProfileName));
            }
        }

        /// <summary>Ctrl+C: the loop cancels the rotation after the poll in flight (about a second).</summary>
        protected override void StopProcessing()
        {
            stopping = true;
        }

        /// <summary>
        /// Polls a started rotation until it is done, showing progress and notes; returns the last
        /// answer, or null when stopped (the rotation was cancelled natively: undone before the
        /// profile switch, paused with its journal after it).
        /// </summary>
        private Dictionary<string, object?>? Run(Dictionary<string, object?> response)
        {
            var activity = "Rotating the access key of profile " + ResponseRows.Text(response, "ProfileName");
            var notesShown = 0;
            try
            {
                while (true)
                {
                    if (stopping)
                    {
                        break;
                    }
                    notesShown = ShowNotes(response, notesShown);
                    if (ResponseRows.Flag(response, "Done"))
                    {
                        Complete(activity);
                        return response;
                    }
                    var status = ResponseRows.Text(response, "Status") ?? "Running";
                    var message = ResponseRows.Text(response, "Message");
                    WriteProgress(new ProgressRecord(ProgressId, activity, string.IsNullOrEmpty(message) ? status : status + ": " + message)
                    {
                        PercentComplete = (int)Math.Max(0, Math.Min(100, ResponseRows.Number(response, "Percent") ?? 0)),
                    });
                    if (stopping)
                    {
                        break;
                    }
                    response = Call(Operation.RotatePoll, new Dictionary<string, object?> { ["Handle"] = ResponseRows.Number(response, "Handle") ?? 0 });
                }
            }
            catch (PipelineStoppedException)
            {
                // Stopped while writing progress: the rotation still runs natively; cancel it below.
                stopping = true;
                try
                {
                    CancelIfRunning(response);
                }
                catch (AwsCredentialException)
                {
                    // Nothing can be reported once the pipeline stops; the journal tells the next run.
                }
                throw;
            }
            CancelIfRunning(response);
            return null;
        }

        /// <summary>Cancels a rotation that is not done (after Ctrl+C, or a dry run that did not finish); returns the last answer.</summary>
        private static Dictionary<string, object?> CancelIfRunning(Dictionary<string, object?> response)
        {
            if (ResponseRows.Flag(response, "Done") || ResponseRows.Number(response, "Handle") is not long handle || handle == 0)
            {
                return response;
            }
            return Call(Operation.RotateCancel, new Dictionary<string, object?> { ["Handle"] = handle });
        }

        private int ShowNotes(Dictionary<string, object?> response, int shown)
        {
            var notes = ResponseRows.Strings(response, "Notes");
            for (var i = shown < notes.Length ? shown : notes.Length; i < notes.Length; i++)
            {
                WriteVerbose(notes[i]);
            }
            return Math.Max(shown, notes.Length);
        }

        private void Complete(string activity)
        {
            WriteProgress(new ProgressRecord(ProgressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
