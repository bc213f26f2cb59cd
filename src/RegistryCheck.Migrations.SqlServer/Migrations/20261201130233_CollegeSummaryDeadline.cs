using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RegistryCheck.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class CollegeSummaryDeadline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsLate",
                table: "CollegeBatches",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "CollegeBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "SummaryDeadline",
                table: "Campaigns",
                type: "datetime2",
                nullable: true);

            RegistryCheck.Data.MigrationSteps.CollegeBatchRepairs.Apply(migrationBuilder);

            migrationBuilder.CreateIndex(
                name: "IX_CollegeBatches_OneDraft",
                table: "CollegeBatches",
                columns: new[] { "CampaignId", "CollegeId" },
                unique: true,
                filter: "\"Status\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_CollegeBatches_OneZeroReturn",
                table: "CollegeBatches",
                columns: new[] { "CampaignId", "CollegeId" },
                unique: true,
                filter: "\"Kind\" = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CollegeBatches_OneDraft",
                table: "CollegeBatches");

            migrationBuilder.DropIndex(
                name: "IX_CollegeBatches_OneZeroReturn",
                table: "CollegeBatches");

            migrationBuilder.DropColumn(
                name: "IsLate",
                table: "CollegeBatches");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "CollegeBatches");

            migrationBuilder.DropColumn(
                name: "SummaryDeadline",
                table: "Campaigns");
        }
    }
}
