using Microsoft.EntityFrameworkCore.Migrations;

namespace RegistryCheck.Data.MigrationSteps;

/// <summary>
/// Hand-written data steps of the CollegeSummaryDeadline migration (issues 15 and 16), kept here so that the
/// migration can be regenerated and call them with one line from <c>Up</c>, before the indexes are created.
/// Double-quoted identifiers are standard SQL: SQLite, PostgreSQL and SQL Server (QUOTED_IDENTIFIER is on for
/// every client connection) accept them.
/// </summary>
public static class CollegeBatchRepairs
{
    /// <summary>
    /// Undoes what the old races could leave behind, so that "one draft per college and campaign" can be enforced:
    /// a report left Verified inside a batch that was submitted meanwhile goes back to the college's unbatched list
    /// (it was invisible and unresolvable there), and a second draft's reports move into the first draft, the empty
    /// extra draft being deleted. Existing campaigns keep no summary deadline (null: "not set") until the registrar
    /// sets one.
    /// </summary>
    public static void Apply(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(
            """
            UPDATE "CorrectionReports" SET "BatchId" = NULL
            WHERE "Status" = 2 AND "BatchId" IN (SELECT b."Id" FROM "CollegeBatches" b WHERE b."Status" <> 0);
            """);
        migrationBuilder.Sql(
            """
            UPDATE "CorrectionReports" SET "BatchId" = (
                SELECT MIN(k."Id") FROM "CollegeBatches" k, "CollegeBatches" d
                WHERE d."Id" = "CorrectionReports"."BatchId" AND k."CampaignId" = d."CampaignId" AND k."CollegeId" = d."CollegeId" AND k."Status" = 0)
            WHERE "BatchId" IN (SELECT d."Id" FROM "CollegeBatches" d WHERE d."Status" = 0);
            """);
        migrationBuilder.Sql(
            """
            DELETE FROM "CollegeBatches"
            WHERE "Status" = 0 AND EXISTS (
                SELECT 1 FROM "CollegeBatches" e
                WHERE e."Status" = 0 AND e."CampaignId" = "CollegeBatches"."CampaignId" AND e."CollegeId" = "CollegeBatches"."CollegeId"
                  AND e."Id" < "CollegeBatches"."Id");
            """);
    }
}
