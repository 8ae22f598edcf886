using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Modules.Users.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// A revoked, deleted or re-scoped API key (or a changed expiry) notifies channel <c>users_auth_changed</c> with
    /// its user's id, after commit, so each Host's auth cache forgets the user's cached keys.
    /// </summary>
    public partial class ApiKeyChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER tr_api_keys_auth_changed
                  AFTER UPDATE OF revoked_at, expires_at, scopes, key_hash, user_id OR DELETE ON users.api_keys
                  FOR EACH ROW EXECUTE FUNCTION users.notify_auth_changed('user_id');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS tr_api_keys_auth_changed ON users.api_keys;");
        }
    }
}
