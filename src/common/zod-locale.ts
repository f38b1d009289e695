import { z } from 'zod';

// Validation messages in Chinese, on the server and in the browser alike.
z.config(z.locales.zhCN());
