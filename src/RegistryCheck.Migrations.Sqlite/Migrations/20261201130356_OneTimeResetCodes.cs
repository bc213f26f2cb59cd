using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RegistryCheck.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OneTimeResetCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "PasswordExpiresAt",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PasswordExpiresAt",
                table: "AspNetUsers");
        }
    }
}
