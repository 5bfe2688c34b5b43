// Run once by the mongo image, on the first start of an empty data volume (/docker-entrypoint-initdb.d), signed in as
// the root user the image created: the API's own user, which may read and write its one database and nothing else
// (no user administration, no other database), so a leaked API password does not give the server away.
const user = process.env.DANGJIAN_MONGO_USERNAME;
const password = process.env.DANGJIAN_MONGO_PASSWORD;
const database = process.env.DANGJIAN_MONGO_DATABASE || 'dangjian';
if (!user || !password) {
  throw new Error('DANGJIAN_MONGO_USERNAME and DANGJIAN_MONGO_PASSWORD must be set for the API user');
}
db.getSiblingDB('admin').createUser({ user, pwd: password, roles: [{ role: 'readWrite', db: database }] });
