using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Security;

/// <summary>Counts every password hash verification the portal performs.</summary>
public sealed class CountingPasswordHasher : PasswordHasher<AppUser>
{
    private int _verified;

    public int Verified => Volatile.Read(ref _verified);

    public void Reset() => Interlocked.Exchange(ref _verified, 0);

    public override PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verified);
        return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>
/// A portal behind a proxy on 127.0.0.1 (the default known network), so that each request can come from its own
/// address through X-Forwarded-For; the production per-address limit; and a hasher that counts verifications.
/// </summary>
public sealed class ForwardedClientsFactory : PortalFactory
{
    public CountingPasswordHasher Hasher { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["SignIn:MaxFailuresPerClient"] = "30" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IPasswordHasher<AppUser>>();
            services.AddSingleton<IPasswordHasher<AppUser>>(Hasher);
            services.AddTransient<IStartupFilter, LoopbackPeer>();
        });
    }

    /// <summary>The test server has no peer address; a real proxy on the same machine would be 127.0.0.1.</summary>
    private sealed class LoopbackPeer : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, proceed) =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return proceed();
            });
            next(app);
        };
    }
}

public class ParallelSignInTests
{
    private const int Attempts = 200;

    [Fact]
    public async Task Two_hundred_simultaneous_guesses_from_two_hundred_addresses_verify_at_most_five_and_never_fail()
    {
        using var factory = new ForwardedClientsFactory();
        var student = await TestStudents.AddAsync(factory);
        using (var owner = factory.NewClient())
        {
            await owner.SignInStudentWithOwnPasswordAsync(student.StudentNumber, student.InitialPassword, "MyOwnPass2026");
        }

        using var client = factory.NewClient();
        var token = await client.TokenFromAsync("/account/sign-in");
        factory.Hasher.Reset();

        var statuses = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(i =>
            PostAsync(client, token, student.StudentNumber, $"Wrong{i:000}guess", $"10.{i / 250}.{i % 250}.7")));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.InRange(factory.Hasher.Verified, 1, 5);

        // Locked now: the right password, from a fresh address, is refused.
        var right = await PostBodyAsync(client, token, student.StudentNumber, "MyOwnPass2026", "10.9.9.9");
        Assert.Contains("已暂时锁定", right);
    }

    [Fact]
    public async Task Two_hundred_simultaneous_guesses_across_student_numbers_from_one_address_verify_at_most_thirty()
    {
        using var factory = new ForwardedClientsFactory();
        var students = new List<TestStudent>();
        for (var i = 0; i < 40; i++)
        {
            students.Add(await TestStudents.AddAsync(factory));
        }

        using var client = factory.NewClient();
        var token = await client.TokenFromAsync("/account/sign-in");
        var statuses = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(i =>
            PostAsync(client, token, students[i % students.Count].StudentNumber, "000000", "10.1.1.1")));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var verified = await factory.WithDbAsync(db => Task.FromResult(
            db.SignInThrottles.Where(t => t.Key.StartsWith("student:")).Sum(t => t.FailedCount)));
        Assert.InRange(verified, 1, 30);
        var body = await PostBodyAsync(client, token, students[0].StudentNumber, students[0].InitialPassword, "10.1.1.1");
        Assert.Contains("本设备登录尝试过于频繁", body);
    }

    [Fact]
    public async Task Correct_sign_ins_behind_one_address_give_their_attempt_back_and_never_lock_it()
    {
        using var factory = new ForwardedClientsFactory();
        var students = new List<TestStudent>();
        for (var i = 0; i < 40; i++)
        {
            students.Add(await TestStudents.AddAsync(factory));
        }

        // Thirty students of one dormitory (one NAT address) sign in at once with the right password, then ten more:
        // more sign-ins than the address's 30 failures, and none is refused, because each gives its attempt back.
        var results = await Task.WhenAll(students.Take(30).Select(SignInAsync));
        results = [.. results, .. await Task.WhenAll(students.Skip(30).Select(SignInAsync))];
        Assert.All(results, location => Assert.Equal("/account/password", location));

        async Task<string?> SignInAsync(TestStudent s)
        {
            using var client = factory.NewClient();
            var token = await client.TokenFromAsync("/account/sign-in");
            using var request = SignInRequest(token, s.StudentNumber, s.InitialPassword, "10.2.2.2");
            var response = await client.Http.SendAsync(request);
            return response.Headers.Location?.OriginalString;
        }
    }

    [Fact]
    public async Task A_student_number_typed_in_lower_case_shares_the_budget_of_its_upper_case_spelling()
    {
        using var factory = new ForwardedClientsFactory();
        using var client = factory.NewClient();
        var token = await client.TokenFromAsync("/account/sign-in");
        for (var i = 0; i < 3; i++)
        {
            await PostAsync(client, token, "s26a1", $"00000{i}", "10.3.3.3");
            await PostAsync(client, token, "S26A1", $"00001{i}", "10.3.3.3");
        }

        // Six tries on one account name, whatever its spelling: locked after five.
        var body = await PostBodyAsync(client, token, "s26A1", "000099", "10.3.3.4");
        Assert.Contains("已暂时锁定", body);
    }

    private static HttpRequestMessage SignInRequest(string token, string number, string password, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(
                [new("StudentNumber", number), new("Password", password), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return request;
    }

    private static async Task<HttpStatusCode> PostAsync(PortalClient client, string token, string number, string password, string address)
    {
        using var request = SignInRequest(token, number, password, address);
        using var response = await client.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<string> PostBodyAsync(PortalClient client, string token, string number, string password, string address)
    {
        using var request = SignInRequest(token, number, password, address);
        using var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
