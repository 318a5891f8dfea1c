using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace AwsCredentialManager.Interop.Tests
{
    /// <summary>
    /// moto's server on 127.0.0.1 (the project's venv: AWSCRED_PYTHON, default &lt;repo&gt;/.venv/bin/python,
    /// as tests/integration starts it) and two IAM users with one access key each, so STS
    /// GetCallerIdentity answers with the user whose key signed the request; with
    /// <c>checkSignatures</c>, SigV4 checking is then switched on and a wrong secret is refused. Also the profile files: profile 'bridge' gets its keys from a
    /// credential_process that prints the JSON file the test chooses (<see cref="Serve"/>), with an
    /// Expiration 4 minutes ahead: inside the module's 5-minute refresh window, so every
    /// GetCredentials() resolves the profile again through the native library.
    /// </summary>
    internal sealed class LocalAws : IDisposable
    {
        private readonly Process moto;
        private readonly HttpClient http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        private readonly Dictionary<string, string?> savedEnvironment = new Dictionary<string, string?>();

        internal LocalAws(bool checkSignatures)
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("awscred-sdk-interop-").FullName;
            var python = Environment.GetEnvironmentVariable("AWSCRED_PYTHON") is string p && p.Length > 0
                ? p
                : Path.Combine(ModuleHost.RepoRoot, ".venv", OperatingSystem.IsWindows() ? "Scripts" : "bin", OperatingSystem.IsWindows() ? "python.exe" : "python");
            if (!File.Exists(python))
            {
                throw new InvalidOperationException("No Python with moto at '" + python + "': create the venv as .ci/run does, or set AWSCRED_PYTHON.");
            }
            (moto, Url) = StartMoto(python);
            Alice = CreateUserWithKey("alice");
            Bob = CreateUserWithKey("bob");
            if (checkSignatures)
            {
                var enforce = new StringContent("0", Encoding.UTF8, "text/plain");
                http.PostAsync(Url + "/moto-api/reset-auth", enforce).GetAwaiter().GetResult().EnsureSuccessStatusCode();
            }
            WriteProfiles();
        }

        internal string Directory { get; }

        /// <summary>http://127.0.0.1:PORT</summary>
        internal string Url { get; }

        internal (string AccessKey, string SecretKey) Alice { get; }

        internal (string AccessKey, string SecretKey) Bob { get; }

        /// <summary>Makes profile 'bridge' resolve to these keys from now on.</summary>
        internal void Serve((string AccessKey, string SecretKey) keys)
        {
            var expiration = DateTime.UtcNow.AddMinutes(4).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var json = "{\"Version\": 1, \"AccessKeyId\": \"" + keys.AccessKey + "\", \"SecretAccessKey\": \"" + keys.SecretKey +
                "\", \"Expiration\": \"" + expiration + "\"}";
            var temp = Path.Combine(Directory, "current.json.tmp");
            File.WriteAllText(temp, json);
            File.Move(temp, Path.Combine(Directory, "current.json"), overwrite: true);
        }

        public void Dispose()
        {
            foreach (var (name, value) in savedEnvironment)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
            try
            {
                moto.Kill(entireProcessTree: true);
                moto.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            moto.Dispose();
            http.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // left for the OS to clean
            }
        }

        private static (Process, string) StartMoto(string python)
        {
            string? lastError = null;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var port = FreePort();
                var start = new ProcessStartInfo(python)
                {
                    ArgumentList = { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) },
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    RedirectStandardInput = true,
                    UseShellExecute = false,
                };
                foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToArray())
                {
                    start.Environment.Remove(name);
                }
                var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + python);
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                var url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
                using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    try
                    {
                        if (probe.GetAsync(url + "/moto-api/").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK)
                        {
                            return (process, url);
                        }
                    }
                    catch (HttpRequestException e)
                    {
                        lastError = e.Message;
                    }
                    catch (TaskCanceledException e)
                    {
                        lastError = e.Message;
                    }
                    Thread.Sleep(20);
                }
                lastError = process.HasExited ? "moto exited with " + process.ExitCode : lastError ?? "not ready in 30 s";
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
                process.Dispose();
            }
            throw new InvalidOperationException("moto did not start: " + lastError);
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>CreateUser + CreateAccessKey while moto still accepts unsigned requests.</summary>
        private (string, string) CreateUserWithKey(string user)
        {
            Iam("CreateUser", user);
            var answer = Iam("CreateAccessKey", user);
            string Field(string name) => answer.Descendants().First(e => e.Name.LocalName == name).Value;
            return (Field("AccessKeyId"), Field("SecretAccessKey"));
        }

        private XDocument Iam(string action, string user)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Url + "/")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Action"] = action,
                    ["UserName"] = user,
                    ["Version"] = "2010-05-08",
                }),
            };
            // moto routes by the credential scope of the Authorization header (signature not checked yet).
            request.Headers.TryAddWithoutValidation("Authorization",
                "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00");
            using var response = http.SendAsync(request).GetAwaiter().GetResult();
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException("moto IAM " + action + " failed: " + (int)response.StatusCode + " " + body);
            }
            return XDocument.Parse(body);
        }

        /// <summary>config + credentials files and the credential_process of profile 'bridge'; the process environment points at them.</summary>
        private void WriteProfiles()
        {
            Serve(Alice);
            var current = Path.Combine(Directory, "current.json");
            string command;
            if (OperatingSystem.IsWindows())
            {
                command = "cmd /c type \"" + current + "\"";
            }
            else
            {
                var script = Path.Combine(Directory, "credentials.sh");
                File.WriteAllText(script, "#!/bin/sh\nexec cat '" + current + "'\n");
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                command = "/bin/sh " + script;
            }
            var config = Path.Combine(Directory, "config");
            File.WriteAllText(config, "[profile bridge]\ncredential_process = " + command + "\nregion = us-east-1\n");
            var credentials = Path.Combine(Directory, "credentials");
            File.WriteAllText(credentials, string.Empty);
            var home = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "home")).FullName;

            // The module hands $env: to the native library with every call; in this process $env: is the process environment.
            foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("AWS_", StringComparison.Ordinal)))
            {
                SetEnvironment(name, null);
            }
            SetEnvironment("AWS_CONFIG_FILE", config);
            SetEnvironment("AWS_SHARED_CREDENTIALS_FILE", credentials);
            SetEnvironment("AWS_EC2_METADATA_DISABLED", "true");
            SetEnvironment("HOME", home);
            SetEnvironment("USERPROFILE", home);
        }

        private void SetEnvironment(string name, string? value)
        {
            if (!savedEnvironment.ContainsKey(name))
            {
                savedEnvironment[name] = Environment.GetEnvironmentVariable(name);
            }
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
