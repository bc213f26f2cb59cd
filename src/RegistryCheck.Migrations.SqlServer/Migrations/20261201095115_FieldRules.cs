using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RegistryCheck.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class FieldRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "LengthOfStudy",
                table: "Students",
                newName: "LengthOfStudyTenths");

            // 学制 was whole years; it is now tenths of a year (ADR-010), so 4 becomes 40.
            migrationBuilder.Sql("UPDATE [Students] SET [LengthOfStudyTenths] = [LengthOfStudyTenths] * 10;");

            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "Students",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EmailByStudentAt",
                table: "Students",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FormerName",
                table: "Students",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PhoneByStudentAt",
                table: "Students",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "CorrectionReports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "ForbidNameAndIdNumberTogether",
                table: "Campaigns",
                type: "bit",
                nullable: false,
                defaultValue: true);

            // Two open reports of one field could only come from a race the index now prevents: the later ones are
            // withdrawn (their history stays) so that the unique index can be created.
            migrationBuilder.Sql("UPDATE [CorrectionReports] SET [Status] = 6 WHERE [Status] IN (0, 1, 2, 3) AND EXISTS (SELECT 1 FROM [CorrectionReports] o WHERE o.[StudentId] = [CorrectionReports].[StudentId] AND o.[CampaignId] = [CorrectionReports].[CampaignId] AND o.[Field] = [CorrectionReports].[Field] AND o.[Status] IN (0, 1, 2, 3) AND o.[Id] < [CorrectionReports].[Id]);");

            migrationBuilder.CreateIndex(
                name: "IX_CorrectionReports_OneOpenPerField",
                table: "CorrectionReports",
                columns: new[] { "StudentId", "CampaignId", "Field" },
                unique: true,
                filter: "\"Status\" IN (0, 1, 2, 3)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CorrectionReports_OneOpenPerField",
                table: "CorrectionReports");

            migrationBuilder.DropColumn(
                name: "Email",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "EmailByStudentAt",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "FormerName",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "PhoneByStudentAt",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "CorrectionReports");

            migrationBuilder.DropColumn(
                name: "ForbidNameAndIdNumberTogether",
                table: "Campaigns");

            migrationBuilder.Sql("UPDATE [Students] SET [LengthOfStudyTenths] = [LengthOfStudyTenths] / 10;");

            migrationBuilder.RenameColumn(
                name: "LengthOfStudyTenths",
                table: "Students",
                newName: "LengthOfStudy");
        }
    }
}
