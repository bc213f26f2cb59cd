using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RegistryCheck.Bench;

/// <summary>
/// The portal as built in Release, started as its own process on 127.0.0.1 over the run's database (a fresh SQLite
/// folder, or a fresh PostgreSQL database), so its memory can be read from /proc and its console log does not mix
/// with the bench's output.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, Uri baseAddress, string dataFolder)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataFolder = dataFolder;
    }

    public Uri BaseAddress { get; }

    public string DataFolder { get; }

    public int Pid => _process.Id;

    /// <summary>
    /// Starts one portal instance. <paramref name="initialize"/>: this instance applies the migrations and seeds the
    /// demo data at its start (as the portal does for SQLite); a second instance over the same database does neither,
    /// as docs/operations.md asks of instances behind a load balancer. <paramref name="instance"/> names its log files.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string webDll, string dataFolder, BenchDb db, bool initialize = true, int instance = 1)
    {
        var port = FreePort();
        // The shell only redirects and then becomes the portal (exec, same pid): the kernel writes the portal's console
        // to the file. Read through a pipe, every request's log line cost the bench process CPU on the same two cores
        // as the portal and the load clients, and a slow reader could block the portal's console writes.
        var info = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec dotnet \"$@\" >>\"$CONSOLE_LOG\" 2>&1");
        info.ArgumentList.Add("sh");
        var suffix = instance == 1 ? "" : "-" + instance;
        var consoleLog = Path.Combine(dataFolder, $"app{suffix}-console.log");
        info.Environment["CONSOLE_LOG"] = consoleLog;
        info.ArgumentList.Add(webDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        // Development: cookies are not Secure-only, so plain http over loopback keeps them. Never Production (the floor).
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        Configure(info.Environment, db, dataFolder, initialize);
        info.Environment["Logging__Folder"] = Path.Combine(dataFolder, "logs" + suffix);
        info.Environment["Bench__FloorEndpoint"] = "true";
        // Every bench client shares 127.0.0.1: the per-client sign-in limit would otherwise stop the sign-in figure.
        info.Environment["SignIn__MaxFailuresPerClient"] = "1000000";
        // BENCH_APP_<name>=<value> reaches the portal as <name>=<value>: for trying a setting (GC, tiering) in one run.
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string key && key.StartsWith("BENCH_APP_", StringComparison.Ordinal))
            {
                info.Environment[key["BENCH_APP_".Length..]] = e.Value as string;
            }
        }

        if (Environment.GetEnvironmentVariable("BENCH_PERFMAP") == "1")
        {
            // For `perf record -p <pid>`: the JIT writes /tmp/perf-<pid>.map so managed frames have names.
            info.Environment["DOTNET_PerfMapEnabled"] = "1";
            info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }

        Directory.CreateDirectory(dataFolder);
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"), dataFolder);
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("The portal exited at start; see " + consoleLog);
            }

            try
            {
                if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The portal did not answer /healthz within 90 s");
    }

    /// <summary>The database settings of README's configuration table: provider, connection string, migrations, seed.</summary>
    private static void Configure(IDictionary<string, string?> env, BenchDb db, string dataFolder, bool initialize)
    {
        env["Database__DataFolder"] = dataFolder;
        env["Database__SeedDemoData"] = initialize ? "true" : "false";
        if (db.IsPostgres)
        {
            env["Database__Provider"] = "PostgreSql";
            env["Database__ConnectionString"] = db.ConnectionString;
            env["Database__MigrateOnStartup"] = initialize ? "true" : "false";
            // One value on every instance (docs/operations.md), so refused names hash alike on both.
            env["Audit__NameHashKey"] = "registrycheck-bench-name-hash-key";
        }
        else
        {
            env["Database__Provider"] = "Sqlite";
        }
    }

    /// <summary>Resets the kernel's peak-RSS mark of the portal (clear_refs 5), so a later VmHWM is this operation's peak.</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{Pid}/clear_refs", "5");

    /// <summary>User + system CPU time of the portal process so far (/proc/&lt;pid&gt;/stat, clock ticks of 10 ms).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var stat = File.ReadAllText($"/proc/{Pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ", field 3 is the state; utime and stime are fields 14 and 15 of the whole line.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
    }

    public long RssBytes => Status("VmRSS:");

    public long PeakRssBytes => Status("VmHWM:");

    private long Status(string key)
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var kb = line[key.Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first: the host stops and flushes its background log writer, so the portal's last lines (an
            // import's commit timings) reach the log a BENCH_KEEP=1 run leaves behind. Killed if it hangs.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }
}
