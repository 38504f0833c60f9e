/** Where the kiosk's set-up is kept (idb-keyval). Its own module so App can check it cheaply. */
export const KIOSK_KEY = 'kiosk';
