package hall

// Permission is one kind of thing a role may do. The services check them;
// screens only hide what the role cannot use.
type Permission string

// Permissions.
const (
	PermHandleCases   Permission = "cases.handle"  // open and act on cases, drafts
	PermViewCases     Permission = "cases.view"    // list and open cases
	PermRevealPerson  Permission = "person.reveal" // show an ID or phone number in full
	PermExport        Permission = "export"        // export lists (supervision)
	PermManageUsers   Permission = "users.manage"  // create, reset, disable accounts
	PermChangeSetting Permission = "settings.change"
	PermBackup        Permission = "backup" // back up and restore
	PermViewAudit     Permission = "audit.view"
	PermImportCatalog Permission = "catalog.import"  // import a catalog file
	PermSupervise     Permission = "cases.supervise" // record an overdue case's reason (超期原因)
)

var rolePerms = map[Role][]Permission{
	RoleClerk:      {PermHandleCases, PermViewCases, PermRevealPerson},
	RoleSupervisor: {PermViewCases, PermRevealPerson, PermExport, PermViewAudit, PermSupervise},
	RoleAdmin: {PermManageUsers, PermChangeSetting, PermBackup, PermViewAudit, PermViewCases, PermExport,
		PermImportCatalog, PermSupervise},
}

// Can reports whether the role has the permission.
func (r Role) Can(p Permission) bool {
	for _, x := range rolePerms[r] {
		if x == p {
			return true
		}
	}
	return false
}

// Forbidden is the error for an action the user's role does not allow.
func Forbidden(u *User, what string) *Error {
	if u == nil {
		return Errorf(EForbidden, "请先登录，再%s", what)
	}
	return Errorf(EForbidden, "%s没有%s的权限，请由有权限的人员登录后操作", u.Label(), what)
}
