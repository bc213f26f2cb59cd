using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace RegistryCheck.Bench;

public sealed record LoadResult(int Clients, long Requests, long Errors, double Seconds, double P50Ms, double P99Ms, double[] Sorted)
{
    public double PerSecond => Requests / Seconds;

    /// <summary>CPU time the portal process spent during the measurement (user + system), when it was measured.</summary>
    public TimeSpan PortalCpu { get; init; }

    public double PortalCpuMicrosecondsPerRequest => PortalCpu.TotalMicroseconds / Math.Max(1, Requests);

    /// <summary>Slices of one measurement taken in turns with its floor's slices, summed.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> slices)
    {
        var all = slices.SelectMany(s => s.Sorted).Order().ToArray();
        return new LoadResult(slices[0].Clients, all.Length, slices.Sum(s => s.Errors), slices.Sum(s => s.Seconds),
            Load.Percentile(all, 0.50), Load.Percentile(all, 0.99), all)
        {
            PortalCpu = TimeSpan.FromTicks(slices.Sum(s => s.PortalCpu.Ticks)),
        };
    }
}

/// <summary>A closed-loop load driver: N clients, each sends its next request when the last one answered.</summary>
public static class Load
{
    public static SocketsHttpHandler Handler(bool cookies) => new()
    {
        UseCookies = cookies,
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        MaxConnectionsPerServer = 1,
    };

    public static HttpClient Client(Uri baseAddress, bool cookies = true) =>
        new(Handler(cookies)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>
    /// Runs <paramref name="op"/> on <paramref name="clients"/> clients for <paramref name="duration"/> or until
    /// <paramref name="maxRequests"/> in all; op returns false for a wrong answer (an error), and an exception is one too.
    /// </summary>
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, long maxRequests, Func<int, long, Task<bool>> op)
    {
        var latencies = new List<double>[clients];
        long requests = 0, errors = 0;
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(async k =>
        {
            var mine = latencies[k] = new List<double>(4096);
            long n = 0;
            while (stop.Elapsed < duration && Interlocked.Increment(ref requests) <= maxRequests)
            {
                var t = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await op(k, n++);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    ok = false;
                }

                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }).ToArray();
        await Task.WhenAll(tasks);
        var seconds = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(clients, all.Length, errors, seconds, Percentile(all, 0.50), Percentile(all, 0.99), all);
    }

    /// <summary>
    /// Measures each op in turn, slice after slice (the last op first, then the others, then again), so that the load
    /// of a shared machine falls on all of them alike; one combined result per op, in the order given.
    /// </summary>
    public static async Task<LoadResult[]> AlternateAsync(int clients, int slices, TimeSpan slice, long maxPerSlice,
        Func<TimeSpan>? portalCpu, params Func<int, long, Task<bool>>[] ops)
    {
        var results = ops.Select(_ => new List<LoadResult>()).ToArray();
        async Task<LoadResult> Measured(Func<int, long, Task<bool>> op)
        {
            var before = portalCpu?.Invoke() ?? TimeSpan.Zero;
            var r = await RunAsync(clients, slice, maxPerSlice, op);
            return r with { PortalCpu = (portalCpu?.Invoke() ?? TimeSpan.Zero) - before };
        }

        for (var i = 0; i < slices; i++)
        {
            for (var k = ops.Length - 1; k >= 0; k--)
            {
                results[k].Add(await Measured(ops[k]));
            }
        }

        return results.Select(LoadResult.Combine).ToArray();
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static readonly Regex TokenPattern = new("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"", RegexOptions.Compiled);

    public static string Token(string html) =>
        TokenPattern.Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("no antiforgery token on the page");

    /// <summary>Signs a client in at the student sign-in form; true when the portal redirects away from the form.</summary>
    public static async Task<bool> SignInStudentAsync(HttpClient http, string number, string password)
    {
        var form = await http.GetStringAsync("/account/sign-in");
        var response = await http.PostAsync("/account/sign-in", new FormUrlEncodedContent(
        [
            new("StudentNumber", number), new("Password", password), new("__RequestVerificationToken", Token(form)),
        ]));
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("sign-in", StringComparison.Ordinal) == false;
    }

    /// <summary>A client signed in as the given staff account (demo accounts); throws when the portal refuses it.</summary>
    public static async Task<HttpClient> StaffClientAsync(Uri baseAddress, string user, string password)
    {
        var http = Client(baseAddress);
        if (!await SignInStaffAsync(http, user, password))
        {
            http.Dispose();
            throw new InvalidOperationException($"{user} could not sign in");
        }

        return http;
    }

    public static async Task<bool> SignInStaffAsync(HttpClient http, string user, string password)
    {
        var form = await http.GetStringAsync("/account/staff-sign-in");
        var response = await http.PostAsync("/account/staff-sign-in", new FormUrlEncodedContent(
        [
            new("UserName", user), new("Password", password), new("__RequestVerificationToken", Token(form)),
        ]));
        return response.StatusCode == HttpStatusCode.Redirect;
    }

    /// <summary>Median of <paramref name="runs"/> timed calls, after one untimed call unless the caller warmed up already.</summary>
    public static async Task<double> MedianMsAsync(int runs, Func<Task> op, bool warmUp = true)
    {
        if (warmUp)
        {
            await op();
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await op();
            times[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }
}
