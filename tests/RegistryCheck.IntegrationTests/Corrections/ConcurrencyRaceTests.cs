using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Audit;

namespace RegistryCheck.IntegrationTests.Corrections;

/// <summary>
/// Another staff member saves the same report between this request's read and its write — the real race, not a
/// stale form: the Version token in the UPDATE's WHERE catches it on any provider.
/// </summary>
public class ConcurrencyRaceTests : IDisposable
{
    private readonly RacingFactory _factory = new();

    [Fact]
    public async Task A_save_that_lost_a_race_is_reported_as_changed_meanwhile_and_writes_nothing()
    {
        var steps = new CorrectionSteps(_factory);
        var (student, client) = await TestStudents.SignedInAsync(_factory);
        var reportId = await steps.ReportAsync(client, student.Id, RecordField.Ethnicity, "侗族", "户口本为侗族");
        var counselor = await steps.CounselorAsync();
        _factory.Race.ArmFor(reportId);

        var page = await steps.ReviewAsync(counselor, reportId, "verify", "核实无误");

        Assert.True(_factory.Race.Fired);
        Assert.Contains("已被他人修改", CorrectionSteps.Flash(page));
        var report = await steps.ReportRowAsync(reportId);
        Assert.Equal(ReportStatus.Submitted, report.Status);
        Assert.Equal("另一位老师的修改", report.CounselorNote);
        Assert.Single(report.History);
        Assert.False(await _factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.ReportStatusChanged && a.TargetId == reportId.ToString())));
    }

    public void Dispose()
    {
        _factory.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class RacingFactory : PortalFactory
    {
        public RaceInterceptor Race { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.ConfigureDbContext<RegistryDbContext>(o => o.AddInterceptors(Race)));
        }
    }

    /// <summary>Just before the armed report is saved, another connection updates it as a second staff member would.</summary>
    public sealed class RaceInterceptor : SaveChangesInterceptor
    {
        private int? _reportId;

        public bool Fired { get; private set; }

        public void ArmFor(int reportId) => _reportId = reportId;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var db = eventData.Context!;
            if (_reportId is int id && db.ChangeTracker.Entries<CorrectionReport>().Any(e => e.Entity.Id == id && e.State == EntityState.Modified))
            {
                _reportId = null;
                Fired = true;
                // A second connection of the same provider, outside this context's unit of work.
                var connectionType = db.Database.GetDbConnection().GetType();
                await using var other = (System.Data.Common.DbConnection)Activator.CreateInstance(connectionType, db.Database.GetConnectionString())!;
                await other.OpenAsync(cancellationToken);
                await using var update = other.CreateCommand();
                update.CommandText = "UPDATE \"CorrectionReports\" SET \"Version\" = \"Version\" + 1, \"CounselorNote\" = '另一位老师的修改' WHERE \"Id\" = @id";
                var parameter = update.CreateParameter();
                parameter.ParameterName = "@id";
                parameter.Value = id;
                update.Parameters.Add(parameter);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            return result;
        }
    }
}
