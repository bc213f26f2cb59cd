using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;

namespace RegistryCheck.IntegrationTests.Infrastructure;

/// <summary>
/// The portal as its own process (the built RegistryCheck.Web.dll) over a temp folder with SQLite and the demo data:
/// for figures that must not be shared with xunit's own process (memory), and for kills and restarts.
/// </summary>
public sealed class PortalProcess : IDisposable
{
    // Generous: on a loaded shared machine migrating and seeding alone has taken 50 s.
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(180);
    private readonly StringBuilder _log = new();
    private Process? _process;

    /// <summary>A portal process over a new folder, or over another one's folder: the same portal after a kill.</summary>
    public PortalProcess(string? folder = null)
    {
        Folder = folder ?? Path.Combine(Path.GetTempPath(), "registrycheck-tests", "proc-" + Guid.NewGuid().ToString("N"));
    }

    public string Folder { get; }

    public int Port { get; } = FreePort();

    public int Pid => _process?.Id ?? throw new InvalidOperationException("Not started.");

    /// <summary>Starts the portal with extra settings and environment variables; waits for /healthz 200.</summary>
    public async Task StartAsync(IEnumerable<string>? settings = null, IDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(Folder);
        var dll = WebDll();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in new[]
                 {
                     "--urls", $"http://127.0.0.1:{Port}", "--environment", "Development",
                     $"--Database:DataFolder={Folder}", "--Database:Provider=Sqlite", "--Database:SeedDemoData=true", "--Database:SeedDemoProgress=false",
                     $"--Logging:Folder={Path.Combine(Folder, "logs")}", "--SignIn:MaxFailuresPerClient=1000",
                 }.Concat(settings ?? []))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartLimit && !_process.HasExited)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{Port}/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        Assert.Fail($"The portal did not answer /healthz 200 within {StartLimit.TotalSeconds} s (exited: {_process.HasExited}). Output:\n{Log[Math.Max(0, Log.Length - 4000)..]}");
    }

    public bool HasExited => _process?.HasExited ?? true;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>A field of /proc/&lt;pid&gt;/status in MiB: VmRSS (now) or VmHWM (the peak resident set since start).</summary>
    public double MemoryMiB(string field)
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024.0;
    }

    public PortalClient NewClient()
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        return new PortalClient(new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(100) });
    }

    public async Task<PortalClient> StaffAsync(string user, string password)
    {
        var client = NewClient();
        var signIn = await client.SignInStaffAsync(user, password);
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"{user} sign-in answered {(int)signIn.StatusCode}");
        return client;
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public static string WebDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = dir.Name;
        var configuration = dir.Parent!.Name;
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RegistryCheck.sln")))
        {
            dir = dir.Parent;
        }

        Assert.True(dir is not null, "RegistryCheck.sln not found above " + AppContext.BaseDirectory);
        var dll = Path.Combine(dir!.FullName, "src", "RegistryCheck.Web", "bin", configuration, framework, "RegistryCheck.Web.dll");
        Assert.True(File.Exists(dll), "Build the web project first: " + dll);
        return dll;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
