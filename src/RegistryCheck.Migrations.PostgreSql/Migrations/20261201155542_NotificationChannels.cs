using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RegistryCheck.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class NotificationChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MessageTemplates_CampaignId_Kind_Language",
                table: "MessageTemplates");

            migrationBuilder.AddColumn<string>(
                name: "WeComUserId",
                table: "Students",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Channel",
                table: "MessageTemplates",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SmsReserved",
                table: "CampaignMessaging",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "SummaryReminderDaysBefore",
                table: "CampaignMessaging",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "XuexinReminderDaysBefore",
                table: "CampaignMessaging",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_MessageTemplates_CampaignId_Kind_Language_Channel",
                table: "MessageTemplates",
                columns: new[] { "CampaignId", "Kind", "Language", "Channel" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MessageTemplates_CampaignId_Kind_Language_Channel",
                table: "MessageTemplates");

            migrationBuilder.DropColumn(
                name: "WeComUserId",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "MessageTemplates");

            migrationBuilder.DropColumn(
                name: "SmsReserved",
                table: "CampaignMessaging");

            migrationBuilder.DropColumn(
                name: "SummaryReminderDaysBefore",
                table: "CampaignMessaging");

            migrationBuilder.DropColumn(
                name: "XuexinReminderDaysBefore",
                table: "CampaignMessaging");

            migrationBuilder.CreateIndex(
                name: "IX_MessageTemplates_CampaignId_Kind_Language",
                table: "MessageTemplates",
                columns: new[] { "CampaignId", "Kind", "Language" },
                unique: true);
        }
    }
}
