using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Modules.Users.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Any change of a user row (not only role, status or deletion) notifies channel <c>users_auth_changed</c>, since
    /// each Host now also caches the user's profile.
    /// </summary>
    public partial class UserProfileChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS tr_users_auth_changed ON users.users;
                CREATE TRIGGER tr_users_auth_changed
                  AFTER UPDATE OR DELETE ON users.users
                  FOR EACH ROW EXECUTE FUNCTION users.notify_auth_changed('id');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS tr_users_auth_changed ON users.users;
                CREATE TRIGGER tr_users_auth_changed
                  AFTER UPDATE OF role, status, deleted_at OR DELETE ON users.users
                  FOR EACH ROW EXECUTE FUNCTION users.notify_auth_changed('id');
                """);
        }
    }
}
