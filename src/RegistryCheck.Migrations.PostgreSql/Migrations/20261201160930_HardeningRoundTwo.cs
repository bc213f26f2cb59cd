using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RegistryCheck.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class HardeningRoundTwo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Count",
                table: "AuditLog",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastAt",
                table: "AuditLog",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Count",
                table: "AuditLog");

            migrationBuilder.DropColumn(
                name: "LastAt",
                table: "AuditLog");
        }
    }
}
