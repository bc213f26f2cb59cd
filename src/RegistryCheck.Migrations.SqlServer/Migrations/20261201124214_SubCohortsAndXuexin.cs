using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RegistryCheck.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class SubCohortsAndXuexin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IntakeType",
                table: "Students",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "MovedAt",
                table: "StudentChecks",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MovedFromCampaignId",
                table: "StudentChecks",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "XuexinFirstRecordedAt",
                table: "StudentChecks",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "XuexinHasAccount",
                table: "StudentChecks",
                type: "bit",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "XuexinInfoCorrect",
                table: "StudentChecks",
                type: "bit",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "XuexinIsLate",
                table: "StudentChecks",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "XuexinPhotoCorrect",
                table: "StudentChecks",
                type: "bit",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "XuexinRecordFound",
                table: "StudentChecks",
                type: "bit",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "XuexinRecordedAt",
                table: "StudentChecks",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "XuexinState",
                table: "StudentChecks",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "XuexinStateChangedAt",
                table: "StudentChecks",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "XuexinWrongFields",
                table: "StudentChecks",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SeenOn",
                table: "CorrectionReports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "TargetsRemainingTypes",
                table: "Campaigns",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "XuexinDeadline",
                table: "Campaigns",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "XuexinOpenedAt",
                table: "Campaigns",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "XuexinOpenedByUserId",
                table: "Campaigns",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "XuexinOpensAt",
                table: "Campaigns",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CampaignIntakeTypes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CampaignId = table.Column<int>(type: "int", nullable: false),
                    IntakeType = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignIntakeTypes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CampaignIntakeTypes_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Students_Cohort_IntakeType",
                table: "Students",
                columns: new[] { "Cohort", "IntakeType" });

            migrationBuilder.CreateIndex(
                name: "IX_StudentChecks_CampaignId_XuexinFirstRecordedAt",
                table: "StudentChecks",
                columns: new[] { "CampaignId", "XuexinFirstRecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_StudentChecks_CampaignId_XuexinState",
                table: "StudentChecks",
                columns: new[] { "CampaignId", "XuexinState" });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignIntakeTypes_CampaignId_IntakeType",
                table: "CampaignIntakeTypes",
                columns: new[] { "CampaignId", "IntakeType" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CampaignIntakeTypes_IntakeType",
                table: "CampaignIntakeTypes",
                column: "IntakeType");
            // Data move (issue 15): keep this one line when the migration is regenerated.
            RegistryCheck.Data.MigrationData.XuexinMigrationData.Up(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CampaignIntakeTypes");

            migrationBuilder.DropIndex(
                name: "IX_Students_Cohort_IntakeType",
                table: "Students");

            migrationBuilder.DropIndex(
                name: "IX_StudentChecks_CampaignId_XuexinFirstRecordedAt",
                table: "StudentChecks");

            migrationBuilder.DropIndex(
                name: "IX_StudentChecks_CampaignId_XuexinState",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "IntakeType",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "MovedAt",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "MovedFromCampaignId",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "XuexinFirstRecordedAt",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "XuexinHasAccount",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "XuexinInfoCorrect",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "XuexinIsLate",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "XuexinPhotoCorrect",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "XuexinRecordFound",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "XuexinRecordedAt",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "XuexinState",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "XuexinStateChangedAt",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "XuexinWrongFields",
                table: "StudentChecks");

            migrationBuilder.DropColumn(
                name: "SeenOn",
                table: "CorrectionReports");

            migrationBuilder.DropColumn(
                name: "TargetsRemainingTypes",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "XuexinDeadline",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "XuexinOpenedAt",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "XuexinOpenedByUserId",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "XuexinOpensAt",
                table: "Campaigns");
        }
    }
}
